import { recordFileName } from '../files/process-files';
import { LINK_KINDS, type LinkKind } from '../files/download-links';
import { HttpError, sendPdf } from '../http/http-io';
import type { Route } from '../http/router';
import { E_404 } from '../messages';
import type { SimulatorContext } from '../simulator-context';

/**
 * The simulator's own file links (webhook link mode, 3.7 link mode): unauthenticated GET with a
 * signed, expiring token ([ASSUMED] docs/arqsign-gaps.md#gap-08). Expired or invalid token → 403; unknown file → 404.
 */
export function downloadRoutes(ctx: SimulatorContext): Route[] {
  return [
    {
      method: 'GET',
      pattern: '/download/{kind}/{id}',
      handler: async (request) => {
        const kind = request.params.kind.toLowerCase() as LinkKind;
        const id = request.params.id.toLowerCase();
        if (!LINK_KINDS.includes(kind)) throw new HttpError(404, E_404);
        const check = ctx.links.check(kind, id, request.query.get('token'));
        if (check === 'expired') throw new HttpError(403, 'Link expirado.');
        if (check === 'invalid') throw new HttpError(403, 'Link inválido.');

        if (kind === 'anexo') {
          const found = ctx.processes.findUpload(id);
          if (!found) throw new HttpError(404, E_404);
          sendPdf(request.res, found.upload.content, found.upload.fileName);
          return;
        }
        const found = ctx.processes.findDocument(id);
        if (!found) throw new HttpError(404, E_404);
        const { process, document } = found;
        if (kind === 'registro') {
          sendPdf(request.res, await ctx.files.record(process, document), recordFileName(document.nome));
        } else {
          sendPdf(request.res, ctx.files.current(document), document.nome);
        }
      },
    },
  ];
}
