import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/** A serial column's values are of its integer type. */
const ELEMENT_TYPES: Record<string, string> = { serial: 'integer', bigserial: 'bigint', smallserial: 'smallint' };

/**
 * The values as one PostgreSQL array literal (`{"a","b"}`): each element quoted, its backslashes
 * and double quotes escaped, so any text round-trips (commas, braces, quotes, NULL spelled out).
 */
export function arrayLiteral(values: readonly (string | number)[]): string {
  return `{${values.map((v) => (typeof v === 'number' ? String(v) : `"${v.replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`;
}

/** The values as one parameter of the array type `element[]`. */
export const arrayParam = (values: readonly (string | number)[], element: string): SQL => sql`${arrayLiteral(values)}::${sql.raw(element)}[]`;

/**
 * `column = any(…)` with the values as one array parameter of the column's type: what drizzle's
 * `inArray` selects, but an `in (…)` list renders a parameter per value (a timer batch's reads name
 * hundreds of workflows each, and rendering those parameters cost the statement builder more than
 * the rest of the batch's SQL), and its text changes with the number of values. No value matches
 * nothing.
 */
export function anyOf(column: PgColumn, values: readonly (string | number)[]): SQL {
  const type = column.getSQLType();
  return sql`${column} = any(${arrayParam(values, ELEMENT_TYPES[type] ?? type)})`;
}
