import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CursorPage, CursorPageQuery, PageCursor, PageLimit, pageLimit, PagingLimits } from './cursor-page';

/** @nestjs/swagger's metadata keys (not exported by the package). */
const DECORATORS = { API_MODEL_PROPERTIES: 'swagger/apiModelProperties', API_MODEL_PROPERTIES_ARRAY: 'swagger/apiModelPropertiesArray' };

const SIZE: PagingLimits = { default: 20, max: 100 };

class Query implements CursorPageQuery {
  @PageLimit(SIZE) limit?: number;
  @PageCursor() cursor?: string;
}

class Thing {}
class ThingPage extends CursorPage(Thing) {}

const problems = (plain: object) => validateSync(plainToInstance(Query, plain), { whitelist: true, forbidUnknownValues: true }).map((e) => e.property);

describe('cursor paging (one definition for every list)', () => {
  it('accepts a limit from the query string within 1…max, and any cursor up to 200 characters', () => {
    expect(problems({})).toEqual([]);
    expect(problems({ limit: '1', cursor: 'x'.repeat(200) })).toEqual([]);
    expect(plainToInstance(Query, { limit: '100' }).limit).toBe(100);
  });

  it.each([['0'], ['101'], ['2.5'], ['ten']])('refuses limit=%s', (limit) => {
    expect(problems({ limit })).toEqual(['limit']);
  });

  it('refuses a cursor longer than 200 characters', () => {
    expect(problems({ cursor: 'x'.repeat(201) })).toEqual(['cursor']);
  });

  it("falls back to the list's default size", () => {
    expect(pageLimit(undefined, SIZE)).toBe(20);
    expect(pageLimit(5, SIZE)).toBe(5);
  });

  it('documents the same fields in Swagger for every list', () => {
    const query = Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, Query.prototype, 'limit') as Record<string, unknown>;
    expect(query).toMatchObject({ required: false, minimum: 1, maximum: 100, default: 20 });
    const page = Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES_ARRAY, ThingPage.prototype) as string[];
    expect(page).toEqual([':items', ':nextCursor']);
    expect(Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, ThingPage.prototype, 'nextCursor')).toMatchObject({ nullable: true, type: String });
  });
});
