import { Transform } from 'class-transformer';

/**
 * Trims a text field where surrounding blanks mean nothing (names): `"   "` becomes `""`, which
 * `@IsNotEmpty()` then rejects, instead of reaching ArqSIGN and failing the send.
 */
export const Trimmed = (): PropertyDecorator => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
