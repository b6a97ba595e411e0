import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { ConsoleAsset, loadConsoleAssets } from './console-assets';

/**
 * Serves the operator console (`/console`): static HTML, CSS and ES modules, no CDN. The page holds
 * no data and no secret; it calls the `/v1` API with the key the operator types (docs/console.md).
 */
@ApiExcludeController()
@Controller('console')
export class ConsoleController {
  private readonly assets = loadConsoleAssets();

  @Get()
  index(@Res() response: Response): void {
    this.send(response, this.assets.get('index.html'));
  }

  @Get(':file')
  asset(@Param('file') file: string, @Res() response: Response): void {
    this.send(response, this.assets.get(file));
  }

  private send(response: Response, asset: ConsoleAsset | undefined): void {
    if (!asset) throw new NotFoundException('No such console file');
    response
      .status(200)
      .set({
        'Content-Type': asset.contentType,
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'X-Frame-Options': 'DENY',
        // Only our own files; the API is same-origin. No inline script, no third party.
        'Content-Security-Policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
      })
      .send(asset.body);
  }
}
