/** Structured response plans (应急预案的响应程序): CRUD and the proposals for an incident. */
export class ResponsePlanService {}
