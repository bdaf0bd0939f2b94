/**
 * NATS subject filter semantics (`*` = exactly one token, `>` = one or more trailing tokens), for checks
 * that must agree with the server: which stream captures a subject, whether two filters overlap.
 */
function tokensOf(subjectOrFilter: string): string[] {
  return subjectOrFilter.split('.');
}

/** True when the concrete `subject` is delivered to a subscription on `filter`. */
export function subjectMatchesFilter(filter: string, subject: string): boolean {
  const filterTokens = tokensOf(filter);
  const subjectTokens = tokensOf(subject);
  for (let index = 0; index < filterTokens.length; index++) {
    const token = filterTokens[index];
    if (token === '>') {
      return subjectTokens.length > index;
    }
    if (index >= subjectTokens.length || (token !== '*' && token !== subjectTokens[index])) {
      return false;
    }
  }
  return filterTokens.length === subjectTokens.length;
}

/** True when some concrete subject matches both filters (the server rejects overlapping stream subjects). */
export function subjectFiltersOverlap(first: string, second: string): boolean {
  const a = tokensOf(first);
  const b = tokensOf(second);
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    if (index >= a.length || index >= b.length) {
      return false;
    }
    if (a[index] === '>' || b[index] === '>') {
      return true;
    }
    if (a[index] !== '*' && b[index] !== '*' && a[index] !== b[index]) {
      return false;
    }
  }
  return true;
}

/** True when every subject matching `inner` also matches `outer`. */
export function subjectFilterCovers(outer: string, inner: string): boolean {
  const o = tokensOf(outer);
  const i = tokensOf(inner);
  for (let index = 0; index < o.length; index++) {
    if (o[index] === '>') {
      return i.length > index;
    }
    if (index >= i.length || i[index] === '>') {
      return false;
    }
    if (o[index] !== '*' && (i[index] === '*' || o[index] !== i[index])) {
      return false;
    }
  }
  return o.length === i.length;
}
