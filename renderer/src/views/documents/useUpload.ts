import { useState } from 'react';
import { INLINE_DOCUMENT_LIMIT, type Document } from '../../../../shared/vault.js';
import { ApiError } from '../../api.js';
import { notifyError, notifySuccess } from '../../notify.js';
import { useUploadDocument } from './documentQueries.js';
import { bytesToBase64 } from './fileKinds.js';
import { joinPath } from './paths.js';

interface Question {
  path: string;
  answer: (replace: boolean) => void;
}

/**
 * Uploads files into a folder of the vault, one after the other; a file whose path is taken is only
 * replaced once the person says so (the question is `pending`, answered through `answer`).
 */
export function useUpload(onUploaded: (doc: Document) => void) {
  const upload = useUploadDocument();
  const [question, setQuestion] = useState<Question | null>(null);
  const [busy, setBusy] = useState(false);

  const ask = (path: string) =>
    new Promise<boolean>((resolve) =>
      setQuestion({
        path,
        answer: (replace) => {
          setQuestion(null);
          resolve(replace);
        },
      }),
    );

  const send = async (file: File, folder: string): Promise<Document | null> => {
    const destination = joinPath(folder, file.name);
    if (file.size > INLINE_DOCUMENT_LIMIT) {
      notifyError(
        `${file.name} was not uploaded`,
        new Error('Files over 10 MB cannot be uploaded here; save them into the vault folder instead.'),
      );
      return null;
    }
    const content = bytesToBase64(new Uint8Array(await file.arrayBuffer()));
    const input = { content, encoding: 'base64' as const, destination };
    try {
      return await upload.mutateAsync(input);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'conflict') {
        if (!(await ask(destination))) return null;
        try {
          return await upload.mutateAsync({ ...input, overwrite: true });
        } catch (again) {
          notifyError(`Could not replace ${destination}`, again);
          return null;
        }
      }
      notifyError(`Could not upload ${file.name}`, error);
      return null;
    }
  };

  const uploadFiles = async (files: File[], folder: string) => {
    if (files.length === 0) return;
    setBusy(true);
    try {
      let last: Document | null = null;
      let count = 0;
      for (const file of files) {
        const doc = await send(file, folder);
        if (doc) {
          last = doc;
          count++;
        }
      }
      if (count > 0) notifySuccess(count === 1 ? `${last?.name ?? 'File'} uploaded` : `${count} files uploaded`);
      if (last && count === 1) onUploaded(last);
    } finally {
      setBusy(false);
    }
  };

  return { uploadFiles, busy, question };
}
