export function AgenciesPage() {
  return null;
}
