/**
 * zod on untrusted values. zod's length and size checks (`.max()`, `.min()`, `.length()` of strings and arrays)
 * also run on a value of the wrong type that has a `length` or `size`, and compare it with a number: a JSON
 * document such as `{"length": {"toString": 1}}` where a string is expected makes that comparison throw a
 * TypeError out of `safeParse`; a structure nested deeper than the stack makes it throw a RangeError. Through
 * these wrappers such a value fails validation like any other invalid value.
 */
import { z } from "zod";

type ParseParams = Parameters<z.ZodType["safeParse"]>[1];

/** `schema.safeParse(value, params)`, with values zod cannot read failing instead of throwing. */
export function safeParse<T extends z.ZodType>(schema: T, value: unknown, params?: ParseParams): z.ZodSafeParseResult<z.output<T>> {
  try {
    return schema.safeParse(value, params);
  } catch (err) {
    if (!(err instanceof TypeError) && !(err instanceof RangeError)) throw err;
    const error = new z.ZodError([{ code: "custom", path: [], message: `unreadable value (${err.message})`, input: value }]) as z.ZodError<z.output<T>>;
    return { success: false, error };
  }
}

