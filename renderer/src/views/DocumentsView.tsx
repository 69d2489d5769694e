import { IconFiles } from '@tabler/icons-react';
import { PlannedDomain } from '../components/PlannedDomain.js';

export function DocumentsView() {
  return (
    <PlannedDomain title="Documents" icon={IconFiles}>
      Documents is not built yet. It will index your vault — a plain folder you choose, which stays readable without
      Officina — so you can search it, keep every version of a document, and take drafts through a small
      review-and-publish workflow.
    </PlannedDomain>
  );
}
