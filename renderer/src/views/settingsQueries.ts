import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InputOf } from '../../../shared/contracts.js';
import { call } from '../api.js';
import { keys } from '../live.js';

export function useSettings() {
  return useQuery({ queryKey: keys.settings, queryFn: () => call('get_settings', {}) });
}

export function useUpdateSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InputOf<'update_settings'>) => call('update_settings', input),
    onSuccess: (settings) => queryClient.setQueryData(keys.settings, settings),
  });
}

export function useAppInfo() {
  return useQuery({ queryKey: keys.appInfo, queryFn: () => call('get_app_info', {}) });
}

/** The token is kept in this mutation's state only, never in the query cache, and forgotten on Hide. */
export function useRevealToken() {
  return useMutation({ mutationFn: () => call('reveal_mcp_token', {}) });
}

/**
 * Like the reveal, the new token lives in this mutation's state only. Over HTTP the answer also
 * carries a fresh session cookie, so this browser stays signed in with the new token.
 */
export function useRotateToken() {
  return useMutation({ mutationFn: () => call('rotate_mcp_token', {}) });
}

export function useAssistantPermissions() {
  return useQuery({ queryKey: keys.permissions, queryFn: () => call('get_assistant_permissions', {}) });
}

export function useUpdateAssistantPermissions() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InputOf<'update_assistant_permissions'>) => call('update_assistant_permissions', input),
    onSuccess: (permissions) => queryClient.setQueryData(keys.permissions, permissions),
  });
}

export function useAllowedFolders() {
  return useQuery({ queryKey: keys.allowedFolders, queryFn: () => call('list_allowed_folders', {}) });
}

export function useChangeAllowedFolders() {
  const queryClient = useQueryClient();
  const onSuccess = (folders: Awaited<ReturnType<typeof call<'list_allowed_folders'>>>) =>
    queryClient.setQueryData(keys.allowedFolders, folders);
  return {
    add: useMutation({ mutationFn: (path: string) => call('add_allowed_folder', { path }), onSuccess }),
    remove: useMutation({ mutationFn: (path: string) => call('remove_allowed_folder', { path }), onSuccess }),
  };
}

/** Whether Officina is in Claude Desktop's settings on this computer (the one serve or the app runs on). */
export function useClaudeDesktopStatus() {
  return useQuery({ queryKey: keys.claudeDesktop, queryFn: () => call('get_claude_desktop_status', {}) });
}

export function useClaudeDesktopLink() {
  const queryClient = useQueryClient();
  const onSettled = () => queryClient.invalidateQueries({ queryKey: keys.claudeDesktop });
  return {
    connect: useMutation({
      mutationFn: (input: InputOf<'connect_claude_desktop'>) => call('connect_claude_desktop', input),
      onSettled,
    }),
    disconnect: useMutation({ mutationFn: () => call('disconnect_claude_desktop', {}), onSettled }),
  };
}

export function useBackups() {
  return useQuery({ queryKey: keys.backups, queryFn: () => call('list_backups', {}) });
}

export function useBackupActions() {
  const queryClient = useQueryClient();
  const onSettled = () => queryClient.invalidateQueries({ queryKey: keys.backups });
  return {
    backUp: useMutation({ mutationFn: () => call('backup_data', {}), onSettled }),
    restore: useMutation({ mutationFn: (backup: string) => call('restore_backup', { backup }), onSettled }),
    cancelRestore: useMutation({ mutationFn: () => call('cancel_restore', {}), onSettled }),
    updatePolicy: useMutation({
      mutationFn: (input: InputOf<'update_backup_policy'>) => call('update_backup_policy', input),
      onSettled,
    }),
  };
}

export function useAppPreferences() {
  return useQuery({ queryKey: keys.appPreferences, queryFn: () => call('get_app_preferences', {}) });
}

export function useUpdateAppPreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InputOf<'update_app_preferences'>) => call('update_app_preferences', input),
    onSuccess: (preferences) => queryClient.setQueryData(keys.appPreferences, preferences),
  });
}
