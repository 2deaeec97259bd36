import { z } from 'zod';
import {
  createInspectionAgencyRequest,
  createInspectionContractRequest,
  inspectionAgency,
  inspectionAgencyPage,
  inspectionAgenciesQuery,
  inspectionContract,
  inspectionContractPage,
  inspectionContractsQuery,
  ref,
  updateInspectionAgencyRequest,
  updateInspectionContractRequest,
} from '@yuanan/contracts';
import { callerOf } from '../../core/http/client-info.ts';
import { defineRoute, type AnyRoute } from '../../core/http/route.ts';
import type { AgencyService } from './agency.service.ts';

/** Third-party agencies (第三方服务机构) and their contracts (服务合同): the safety office manages them. */
export function agencyRoutes(svc: AgencyService): AnyRoute[] {
  const tags = ['检查巡查 Inspections'];
  const agencyId = z.strictObject({ id: ref('inspection_agency') });
  const contractId = z.strictObject({ id: ref('inspection_contract') });
  return [
    defineRoute({
      method: 'get',
      path: '/inspection-agencies',
      operationId: 'inspectionAgencies.list',
      summary: 'Third-party service agencies, with their inspectors and how many contracts are in force',
      tags,
      auth: 'inspections.agencies.manage',
      query: inspectionAgenciesQuery,
      response: inspectionAgencyPage,
      handler: ({ ctx, query }) => {
        const { em, tenant } = callerOf(ctx);
        return svc.listAgencies(em, tenant, query);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/inspection-agencies',
      operationId: 'inspectionAgencies.create',
      summary: 'Register an agency; its members must be users with the inspector role',
      tags,
      auth: 'inspections.agencies.manage',
      body: createInspectionAgencyRequest,
      response: inspectionAgency,
      idempotent: true,
      handler: async ({ ctx, body }) => {
        const { em, tenant } = callerOf(ctx);
        return (await svc.agencyDtos(em, tenant, [await svc.createAgency(em, body)]))[0]!;
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/inspection-agencies/:id',
      operationId: 'inspectionAgencies.update',
      summary: 'Change an agency (members replace the list)',
      tags,
      auth: 'inspections.agencies.manage',
      params: agencyId,
      body: updateInspectionAgencyRequest,
      response: inspectionAgency,
      handler: async ({ ctx, params, body }) => {
        const { em, tenant } = callerOf(ctx);
        return (await svc.agencyDtos(em, tenant, [await svc.updateAgency(em, params.id, body)]))[0]!;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/inspection-contracts',
      operationId: 'inspectionContracts.list',
      summary: 'Agency contracts: which enterprises an agency inspects, from when to when (zone dates, inclusive)',
      tags,
      auth: 'inspections.agencies.manage',
      query: inspectionContractsQuery,
      response: inspectionContractPage,
      handler: ({ ctx, query }) => {
        const { em, tenant } = callerOf(ctx);
        return svc.listContracts(em, tenant, query);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/inspection-contracts',
      operationId: 'inspectionContracts.create',
      summary: 'Record an agency contract',
      tags,
      auth: 'inspections.agencies.manage',
      body: createInspectionContractRequest,
      response: inspectionContract,
      idempotent: true,
      handler: async ({ ctx, body }) => {
        const { em, tenant } = callerOf(ctx);
        return (await svc.contractDtos(em, tenant, [await svc.createContract(em, body)]))[0]!;
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/inspection-contracts/:id',
      operationId: 'inspectionContracts.update',
      summary: 'Change a contract (its enterprises, templates or dates)',
      tags,
      auth: 'inspections.agencies.manage',
      params: contractId,
      body: updateInspectionContractRequest,
      response: inspectionContract,
      handler: async ({ ctx, params, body }) => {
        const { em, tenant } = callerOf(ctx);
        return (await svc.contractDtos(em, tenant, [await svc.updateContract(em, params.id, body)]))[0]!;
      },
    }),
  ];
}
