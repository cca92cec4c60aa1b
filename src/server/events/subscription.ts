// The `classes` argument of event.from / event.register: `*`, class names (any case), or `class/ref`.
import type { Model } from '../../model/types.js';
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import type { Matcher } from './log.js';

export interface Subscription {
  readonly all: boolean;
  /** Lowercase class names. */
  readonly classes: ReadonlySet<string>;
  /** `lowercase-class/ref`. */
  readonly objects: ReadonlySet<string>;
}

const WILDCARD = '*';

function knownClass(model: Model, name: string, entry: string): string {
  const def = name === '' ? undefined : model.findClass(name);
  if (def === undefined) throw new XenApiError(ERR.EVENT_SUBSCRIPTION_PARSE_FAILURE, [entry]);
  return def.name.toLowerCase();
}

export function parseSubscription(model: Model, entries: readonly string[]): Subscription {
  let all = false;
  const classes = new Set<string>();
  const objects = new Set<string>();
  for (const entry of entries) {
    if (entry === WILDCARD) {
      all = true;
      continue;
    }
    const slash = entry.indexOf('/');
    if (slash < 0) {
      classes.add(knownClass(model, entry, entry));
      continue;
    }
    const ref = entry.slice(slash + 1);
    if (ref === '') throw new XenApiError(ERR.EVENT_SUBSCRIPTION_PARSE_FAILURE, [entry]);
    objects.add(`${knownClass(model, entry.slice(0, slash), entry)}/${ref}`);
  }
  return { all, classes, objects };
}

/** A subscription joined with more entries (event.register adds up). */
export function joinSubscriptions(a: Subscription, b: Subscription): Subscription {
  return {
    all: a.all || b.all,
    classes: new Set([...a.classes, ...b.classes]),
    objects: new Set([...a.objects, ...b.objects]),
  };
}

/** A subscription with `b`'s entries taken out (event.unregister). */
export function removeSubscriptions(a: Subscription, b: Subscription): Subscription {
  return {
    all: a.all && !b.all,
    classes: new Set([...a.classes].filter((c) => !b.classes.has(c))),
    objects: new Set([...a.objects].filter((o) => !b.objects.has(o))),
  };
}

export function isEmptySubscription(s: Subscription): boolean {
  return !s.all && s.classes.size === 0 && s.objects.size === 0;
}

/** Whether a change of (cls, ref) is wanted; `lower` gives a class's lowercase name. */
export function matcherOf(s: Subscription, lower: (cls: string) => string): Matcher {
  if (s.all) return () => true;
  return (cls, ref) => {
    const lc = lower(cls);
    return s.classes.has(lc) || (s.objects.size > 0 && s.objects.has(`${lc}/${ref}`));
  };
}
