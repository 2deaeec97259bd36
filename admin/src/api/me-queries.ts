import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { mainClient } from './client.ts';

/** The person's own things always go through the main client (also while acting in a zone). */
export const meKeys = {
  notifications: ['main', 'notifications'] as const,
  sessions: ['main', 'sessions'] as const,
};

export function useNotifications(enabled: boolean) {
  return useQuery({
    queryKey: [...meKeys.notifications, 'latest'],
    queryFn: () => mainClient.notifications.list({ pageSize: 8 }),
    enabled,
    refetchInterval: 60_000,
    placeholderData: keepPreviousData,
  });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => mainClient.notifications.read(id),
    onSuccess: () => qc.invalidateQueries({ queryKey: meKeys.notifications }),
  });
}

export function useMarkAllRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => mainClient.notifications.readAll(),
    onSuccess: () => qc.invalidateQueries({ queryKey: meKeys.notifications }),
  });
}

export function useSessions() {
  return useQuery({ queryKey: meKeys.sessions, queryFn: () => mainClient.me.sessions() });
}

export function useRevokeSession() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => mainClient.me.revokeSession(id),
    onSuccess: () => qc.invalidateQueries({ queryKey: meKeys.sessions }),
  });
}

export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: { currentPassword: string; newPassword: string }) => mainClient.me.changePassword(b),
    onSuccess: () => qc.invalidateQueries({ queryKey: meKeys.sessions }),
  });
}
