/** Small schema builders the views share. */
import type { TLiteral, TSchema, TUnion } from '@sinclair/typebox';
import * as Type from '@sinclair/typebox/type';

/** A value or null. */
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** An RFC 3339 time (format date-time: formats.ts). */
export const DateTime = (description?: string) => Type.String({ format: 'date-time', description });

/** A union of string literals that keeps the literal types (map() alone widens them to string). */
export const lit = <T extends readonly string[]>(xs: T): TUnion<TLiteral<T[number]>[]> =>
  Type.Union(xs.map((x) => Type.Literal(x as T[number])));
