import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query';
import type { InputOf, OutputOf } from '../../../../shared/contracts.js';
import type { DocumentStatus } from '../../../../shared/vault.js';
import { call } from '../../api.js';
import type { DocumentSort } from './DocumentTable.js';
import { keys, refreshList } from '../../live.js';

export type StatusFilter = 'all' | (typeof DocumentStatus)['options'][number];

export interface DocumentListFilters {
  folder: string;
  status: StatusFilter;
  /** Extensions without the dot; empty for every type. */
  types: string[];
  /** Left out: by path (A to Z). */
  sort?: DocumentSort | null;
}

type DocumentPage = OutputOf<'list_documents'>;

const PAGE_SIZE = 200;

/** The documents of one folder; paged by offset, which is what list_documents takes. */
export function useDocumentList(filters: DocumentListFilters) {
  return useInfiniteQuery({
    queryKey: [...keys.documents, 'list', filters],
    queryFn: ({ pageParam }) =>
      call('list_documents', {
        path: filters.folder,
        status: filters.status === 'all' ? undefined : filters.status,
        file_types: filters.types.length > 0 ? filters.types : undefined,
        ...(filters.sort && { sort: filters.sort.column, order: filters.sort.order }),
        limit: PAGE_SIZE,
        offset: pageParam,
      }),
    initialPageParam: 0,
    getNextPageParam: (last: DocumentPage, pages) =>
      last.next_cursor === null ? undefined : pages.reduce((n, page) => n + page.items.length, 0),
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

/** The subfolders of a folder, for the tree; only asked once the folder is open. */
export function useSubfolders(folder: string, enabled: boolean) {
  return useQuery({
    queryKey: [...keys.documents, 'folders', folder],
    queryFn: async () => (await call('list_documents', { path: folder, limit: 1 })).folders,
    enabled,
    staleTime: Infinity,
  });
}

/** Every document in review, across the vault: the review queue. */
export function useReviewQueue() {
  return useQuery({
    queryKey: [...keys.documents, 'queue'],
    queryFn: () => call('list_documents', { recursive: true, status: 'in_review', sort: 'modified', limit: 1000 }),
    staleTime: Infinity,
  });
}

export interface SearchFilters {
  query: string;
  status: StatusFilter;
  types: string[];
}

export function useDocumentSearch(filters: SearchFilters) {
  return useQuery({
    queryKey: [...keys.documents, 'search', filters],
    queryFn: () =>
      call('search_documents', {
        query: filters.query,
        file_types: filters.types.length > 0 ? filters.types : undefined,
        metadata_filters: filters.status === 'all' ? undefined : { status: filters.status },
        limit: 100,
      }),
    enabled: filters.query !== '',
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });
}

export function useDocumentContent(path: string | null) {
  return useQuery({
    queryKey: [...keys.documents, 'read', path],
    queryFn: () => call('read_document', { document_id: path ?? '' }),
    enabled: path !== null,
    staleTime: Infinity,
    // A document deleted meanwhile answers not_found: retrying will not bring it back.
    retry: false,
  });
}

export function useDocumentVersions(path: string | null) {
  return useQuery({
    queryKey: [...keys.documents, 'versions', path],
    queryFn: () => call('list_document_versions', { document_id: path ?? '', limit: 500 }),
    enabled: path !== null,
    staleTime: Infinity,
    retry: false,
  });
}

/** Two kept versions never change, so their diff is cached apart from the live document queries. */
export function useVersionDiff(path: string, from: number | null, to: number | null) {
  return useQuery({
    queryKey: ['document-diff', path, from, to],
    queryFn: () =>
      call('diff_document_versions', { document_id: path, from_version: from ?? 0, to_version: to ?? undefined }),
    enabled: from !== null && to !== null && from !== to,
    staleTime: Infinity,
    retry: false,
  });
}

export function useDocumentReviews(path: string | null) {
  return useQuery({
    queryKey: [...keys.documents, 'reviews', path],
    queryFn: () => call('get_document_reviews', { document_id: path ?? '' }),
    enabled: path !== null,
    staleTime: Infinity,
    retry: false,
  });
}

export function useTrash(enabled: boolean) {
  return useQuery({
    queryKey: [...keys.documents, 'trash'],
    queryFn: () => call('list_deleted_documents', { limit: 500 }),
    enabled,
    staleTime: Infinity,
  });
}

export function useVersionRetention() {
  return useQuery({ queryKey: keys.versionRetention, queryFn: () => call('get_version_retention', {}), retry: false });
}

export function useUpdateVersionRetention() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InputOf<'update_version_retention'>) => call('update_version_retention', input),
    onSuccess: (retention) => queryClient.setQueryData(keys.versionRetention, retention),
  });
}

/** After a change of our own: everything the vault shows (the event will say the same, a little later). */
function refreshDocuments(queryClient: QueryClient): void {
  refreshList(queryClient, keys.documents);
}

/** One mutation per operation; each refreshes the document views when it succeeds. */
function useDocumentMutation<N extends DocumentMutation>(name: N) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InputOf<N>) => call(name, input),
    onSuccess: () => refreshDocuments(queryClient),
  });
}

type DocumentMutation =
  | 'upload_document'
  | 'update_document_metadata'
  | 'move_document'
  | 'delete_document'
  | 'restore_deleted_document'
  | 'restore_document_version'
  | 'submit_for_review'
  | 'approve_document'
  | 'request_changes'
  | 'publish_document'
  | 'archive_document';

export const useUploadDocument = () => useDocumentMutation('upload_document');
export const useUpdateMetadata = () => useDocumentMutation('update_document_metadata');
export const useMoveDocument = () => useDocumentMutation('move_document');
export const useDeleteDocument = () => useDocumentMutation('delete_document');
export const useRestoreDeleted = () => useDocumentMutation('restore_deleted_document');
export const useRestoreVersion = () => useDocumentMutation('restore_document_version');

export type ReviewOperation =
  'submit_for_review' | 'approve_document' | 'request_changes' | 'publish_document' | 'archive_document';

export function useReviewMove() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      operation,
      document_id,
      comment,
    }: {
      operation: ReviewOperation;
      document_id: string;
      comment?: string;
    }) => call(operation, comment === undefined ? { document_id } : { document_id, comment }),
    onSuccess: () => refreshDocuments(queryClient),
  });
}

/** A Word document as sanitised HTML (converted and cleaned in core); `revision` refetches it after an edit. */
export function useDocumentHtmlPreview(path: string, revision: string) {
  return useQuery({
    queryKey: [...keys.documents, 'preview', path, revision],
    queryFn: () => call('preview_document', { document_id: path }),
    staleTime: Infinity,
    retry: false,
  });
}
