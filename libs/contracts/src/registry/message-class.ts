/** A message class: constructible without arguments so a decoder can instantiate it from plain JSON. */
export interface MessageClass<T extends object = object> {
  new (): T;
}
