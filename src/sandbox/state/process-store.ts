import type { AttachmentUpload, SimDocument, SimProcess, SimRecipient } from './process-model';

/** All processes of the account, with lookups by document and upload id. In memory (saved by `snapshot-file.ts` when a state file is set). */
export class ProcessStore {
  private readonly processes = new Map<string, SimProcess>();

  add(process: SimProcess): void {
    this.processes.set(process.id, process);
  }

  get(id: string): SimProcess | undefined {
    return this.processes.get(id.toLowerCase());
  }

  all(): SimProcess[] {
    return [...this.processes.values()];
  }

  findDocument(documentId: string): { process: SimProcess; document: SimDocument } | undefined {
    const id = documentId.toLowerCase();
    for (const process of this.processes.values()) {
      const document = process.documents.find((d) => d.id === id);
      if (document) return { process, document };
    }
    return undefined;
  }

  findUpload(uploadId: string): { process: SimProcess; recipient: SimRecipient; upload: AttachmentUpload } | undefined {
    const id = uploadId.toLowerCase();
    for (const process of this.processes.values()) {
      for (const recipient of process.recipients) {
        const upload = recipient.uploads.find((u) => u.id === id);
        if (upload) return { process, recipient, upload };
      }
    }
    return undefined;
  }
}
