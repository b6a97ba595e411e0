import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/**
 * Paging of every list route, defined once: `limit` and `cursor` query fields with their validation
 * and Swagger text, and the `{ items, nextCursor }` page body (docs/architecture.md#public-surfaces).
 * A list says only its page size: `@PageLimit(SIZE)` in its query DTO, `pageLimit(query.limit, SIZE)`
 * where it reads it.
 */
export interface PagingLimits {
  /** Items when `limit` is absent. */
  default: number;
  /** The largest `limit` accepted (more is a 400). */
  max: number;
}

/** `limit`: an integer in 1…`size.max`, `size.default` when absent. */
export function PageLimit(size: PagingLimits): PropertyDecorator {
  const decorators = [
    ApiPropertyOptional({ example: size.default, minimum: 1, maximum: size.max, default: size.default }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(size.max),
  ];
  return (target, key) => decorators.forEach((decorate) => decorate(target, key));
}

/** `cursor`: the `nextCursor` of the previous page, opaque to the client. */
export function PageCursor(): PropertyDecorator {
  const decorators = [ApiPropertyOptional({ description: '`nextCursor` of the previous page' }), IsOptional(), IsString(), MaxLength(200)];
  return (target, key) => decorators.forEach((decorate) => decorate(target, key));
}

/** The page size a request asked for, or the list's default. */
export function pageLimit(limit: number | undefined, size: PagingLimits): number {
  return limit ?? size.default;
}

/** The query fields of a cursor-paged list; a list's query DTO extends it (or uses the decorators). */
export interface CursorPageQuery {
  limit?: number;
  cursor?: string;
}

/** The body of one page: `class ThingListResponse extends CursorPage(ThingResponse) {}` (Swagger names the subclass). */
export function CursorPage<T>(item: new (...args: never[]) => T) {
  abstract class Page {
    @ApiProperty({ type: [item] }) items: T[];
    @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last page' }) nextCursor: string | null;
  }
  return Page;
}
