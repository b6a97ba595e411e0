import { applyDecorators } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { MediaTypeObject } from '@nestjs/swagger';

/** Where ApiRequestContent leaves its content for buildOpenApiDocument (removed from the final document). */
export const REQUEST_CONTENT_EXTENSION = 'x-arqsign-bridge-request-content';

/**
 * A request body with a different schema (and examples) per content type, e.g. JSON and
 * multipart/form-data. `@ApiBody` cannot say this (it repeats one schema for every type), so the
 * content travels as an extension and the document builder makes it the operation's requestBody.
 */
export function ApiRequestContent(description: string, content: Record<string, MediaTypeObject>): MethodDecorator {
  const value: RequestContent = { description, content };
  return applyDecorators(ApiExtension(REQUEST_CONTENT_EXTENSION, value));
}

export interface RequestContent {
  description: string;
  content: Record<string, MediaTypeObject>;
}
