import { readDocument } from '../../../../shared/vault.js';
import { implement } from '../../catalogue/operation.js';

export const readDocumentOp = implement(readDocument, (ctx, input) => ctx.services.vault.read(input.document_id));
