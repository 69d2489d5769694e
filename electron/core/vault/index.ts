import { uploadDocumentOp } from './ops/upload_document.js';
import { downloadDocumentOp } from './ops/download_document.js';
import { readDocumentOp } from './ops/read_document.js';
import { previewDocumentOp } from './ops/preview_document.js';
import { deleteDocumentOp } from './ops/delete_document.js';
import { restoreDeletedDocumentOp } from './ops/restore_deleted_document.js';
import { listDeletedDocumentsOp } from './ops/list_deleted_documents.js';
import { listDocumentsOp } from './ops/list_documents.js';
import { searchDocumentsOp } from './ops/search_documents.js';
import { updateDocumentMetadataOp } from './ops/update_document_metadata.js';
import { moveDocumentOp } from './ops/move_document.js';
import { listDocumentVersionsOp } from './ops/list_document_versions.js';
import { getDocumentVersionOp } from './ops/get_document_version.js';
import { diffDocumentVersionsOp } from './ops/diff_document_versions.js';
import { restoreDocumentVersionOp } from './ops/restore_document_version.js';
import { submitForReviewOp } from './ops/submit_for_review.js';
import { approveDocumentOp } from './ops/approve_document.js';
import { requestChangesOp } from './ops/request_changes.js';
import { publishDocumentOp } from './ops/publish_document.js';
import { archiveDocumentOp } from './ops/archive_document.js';
import { getDocumentReviewsOp } from './ops/get_document_reviews.js';
import { rebuildIndexOp } from './ops/rebuild_index.js';
import { getVersionRetentionOp } from './ops/get_version_retention.js';
import { updateVersionRetentionOp } from './ops/update_version_retention.js';

export { DocumentStore } from './documents.js';
export { VaultService } from './service.js';
export { VaultWatcher } from './watcher.js';
export { VersionRetentionService } from './retention.js';

export const vaultOperations = [
  uploadDocumentOp,
  downloadDocumentOp,
  readDocumentOp,
  previewDocumentOp,
  deleteDocumentOp,
  restoreDeletedDocumentOp,
  listDeletedDocumentsOp,
  listDocumentsOp,
  searchDocumentsOp,
  updateDocumentMetadataOp,
  moveDocumentOp,
  listDocumentVersionsOp,
  getDocumentVersionOp,
  diffDocumentVersionsOp,
  restoreDocumentVersionOp,
  submitForReviewOp,
  approveDocumentOp,
  requestChangesOp,
  publishDocumentOp,
  archiveDocumentOp,
  getDocumentReviewsOp,
  rebuildIndexOp,
  getVersionRetentionOp,
  updateVersionRetentionOp,
];
