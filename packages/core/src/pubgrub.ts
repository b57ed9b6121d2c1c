// PubGrub version solving (Natalie Weizenbaum, 2018; the solver of Dart's pub and of uv),
// implemented after pub's doc/solver.md: unit propagation over incompatibilities, decisions
// that pick the newest allowed version of the most constrained package, and conflict-driven
// clause learning that backjumps and records why. Internal to core: dependencies.ts wraps it
// as resolveDependencies.
//
// Version sets are finite: the catalog lists every version of a package, so a set of versions
// is a bit set over that package's versions (bit i = the i-th highest). Terms keep PubGrub's
// positive/negative distinction: a negative term is also satisfied when the package is not
// selected at all.

/** A package's known versions, highest first, each with its dependencies (id → range text). */
export interface SolverPackage {
  versions: readonly { version: string; dependencies: Readonly<Record<string, string>> }[];
}

/** What the solver asks of the catalog. */
export interface SolverSource {
  /** The id of the root package (its only version is `rootVersion`). */
  rootId: string;
  /** Versions of a package, highest first; called at most once per id. */
  packageOf(id: string): SolverPackage;
  /** Whether `version` of `id` satisfies `range` (prerelease rules are the caller's). */
  satisfies(version: string, range: string): boolean;
  /** Give up after this many decisions plus conflict resolutions. */
  maxSteps: number;
}

/** A fact the solver started from, as found in the derivation of a failure. */
export type SolverFact =
  | { kind: 'root'; id: string; version: string }
  | { kind: 'dependency'; id: string; version: string; dependency: string; range: string }
  | { kind: 'no-versions'; id: string; versions: string[] };

/** The outcome of {@link solve}. */
export type SolverResult =
  | { ok: true; decisions: Map<string, string>; steps: number }
  | { ok: false; reason: 'conflict'; explanation: string[]; facts: SolverFact[]; steps: number }
  | { ok: false; reason: 'too-many-steps'; steps: number };

type Bits = bigint;

interface Term {
  positive: boolean;
  bits: Bits;
}

type Cause =
  | { kind: 'root' }
  | { kind: 'dependency'; version: string; dependency: string; range: string }
  | { kind: 'no-versions' }
  | { kind: 'derived'; left: Incompatibility; right: Incompatibility };

interface Incompatibility {
  terms: Map<string, Term>;
  cause: Cause;
}

interface Assignment {
  id: string;
  term: Term;
  level: number;
  /** The incompatibility it was derived from; absent for decisions. */
  cause?: Incompatibility;
}

class TooManySteps extends Error {}
class Failure extends Error {
  constructor(readonly incompatibility: Incompatibility) {
    super('version solving failed');
  }
}

/**
 * Solves for `rootVersion` of `source.rootId` and its dependencies: one version per package,
 * every dependency range satisfied, newest versions preferred.
 */
export function solve(
  source: SolverSource,
  rootVersion: string,
  rootDependencies: Readonly<Record<string, string>>,
): SolverResult {
  return new Solver(source, rootVersion, rootDependencies).run();
}

class Solver {
  private readonly packages = new Map<string, SolverPackage>();
  private readonly rangeBits = new Map<string, Bits>();
  private readonly incompatibilities = new Map<string, Incompatibility[]>();
  private readonly assignments: Assignment[] = [];
  /** Per package: the intersection of its assignments' terms (absent: no assignment). */
  private readonly accumulated = new Map<string, Term>();
  /** Per package: indexes of its assignments in `assignments`, oldest first. */
  private readonly byPackage = new Map<string, number[]>();
  /** Packages with a positive accumulated term and no decision yet (the candidates of `decide`), with how many versions they allow. */
  private readonly pending = new Map<string, number>();
  /** `pending` grouped by count; each group in the order its packages became pending. */
  private readonly buckets = new Map<number, Set<string>>();
  private readonly decisions = new Map<string, string>();
  private readonly addedDependencies = new Set<string>();
  private level = 0;
  private steps = 0;

  constructor(
    private readonly source: SolverSource,
    private readonly rootVersion: string,
    private readonly rootDependencies: Readonly<Record<string, string>>,
  ) {}

  run(): SolverResult {
    const root = this.source.rootId;
    this.addIncompatibility({
      terms: new Map([[root, { positive: false, bits: 1n }]]),
      cause: { kind: 'root' },
    });
    try {
      let next: string | undefined = root;
      while (next !== undefined) {
        this.propagate(next);
        next = this.decide();
      }
    } catch (error) {
      if (error instanceof Failure) {
        const facts: SolverFact[] = [];
        const explanation: string[] = [];
        this.explain(error.incompatibility, facts, explanation, new Set());
        if (error.incompatibility.cause.kind !== 'derived') {
          explanation.push(`Because ${this.describe(error.incompatibility)}: version solving failed.`);
        }
        return { ok: false, reason: 'conflict', explanation, facts, steps: this.steps };
      }
      if (error instanceof TooManySteps) return { ok: false, reason: 'too-many-steps', steps: this.steps };
      throw error;
    }
    return { ok: true, decisions: new Map(this.decisions), steps: this.steps };
  }

  // ---- the catalog as bit sets

  private pkg(id: string): SolverPackage {
    let found = this.packages.get(id);
    if (!found) {
      found =
        id === this.source.rootId
          ? { versions: [{ version: this.rootVersion, dependencies: this.rootDependencies }] }
          : this.source.packageOf(id);
      this.packages.set(id, found);
    }
    return found;
  }

  private all(id: string): Bits {
    return (1n << BigInt(this.pkg(id).versions.length)) - 1n;
  }

  private bitsOf(id: string, range: string): Bits {
    const key = `${id}\u0000${range}`;
    let bits = this.rangeBits.get(key);
    if (bits === undefined) {
      bits = 0n;
      this.pkg(id).versions.forEach((entry, index) => {
        if (this.source.satisfies(entry.version, range)) bits = (bits as Bits) | (1n << BigInt(index));
      });
      this.rangeBits.set(key, bits);
    }
    return bits;
  }

  private versionsIn(id: string, bits: Bits): string[] {
    return this.pkg(id)
      .versions.filter((_, index) => (bits >> BigInt(index)) & 1n)
      .map((entry) => entry.version);
  }

  // ---- term algebra (PubGrub's, over finite sets)

  private intersect(id: string, a: Term, b: Term): Term {
    if (a.positive && b.positive) return { positive: true, bits: a.bits & b.bits };
    if (a.positive) return { positive: true, bits: a.bits & ~b.bits & this.all(id) };
    if (b.positive) return { positive: true, bits: b.bits & ~a.bits & this.all(id) };
    return { positive: false, bits: a.bits | b.bits };
  }

  /** Whether every way to satisfy `a` satisfies `b`. */
  private subset(a: Term, b: Term): boolean {
    if (a.positive && b.positive) return (a.bits & ~b.bits) === 0n;
    if (a.positive) return (a.bits & b.bits) === 0n;
    if (b.positive) return false;
    return (b.bits & ~a.bits) === 0n;
  }

  /** Whether no way satisfies both. */
  private disjoint(a: Term, b: Term): boolean {
    if (a.positive && b.positive) return (a.bits & b.bits) === 0n;
    if (a.positive) return (a.bits & ~b.bits) === 0n;
    if (b.positive) return (b.bits & ~a.bits) === 0n;
    return false;
  }

  private relation(id: string, term: Term): 'satisfied' | 'contradicted' | 'inconclusive' {
    // No assignment yet: anything goes, including not selecting the package (the term "not ∅").
    const current = this.accumulated.get(id) ?? { positive: false, bits: 0n };
    if (this.subset(current, term)) return 'satisfied';
    if (this.disjoint(current, term)) return 'contradicted';
    return 'inconclusive';
  }

  // ---- incompatibilities and the partial solution

  private addIncompatibility(incompatibility: Incompatibility): void {
    for (const id of incompatibility.terms.keys()) {
      const list = this.incompatibilities.get(id);
      if (list) list.push(incompatibility);
      else this.incompatibilities.set(id, [incompatibility]);
    }
  }

  private assign(assignment: Assignment): void {
    const index = this.assignments.length;
    this.assignments.push(assignment);
    const list = this.byPackage.get(assignment.id);
    if (list) list.push(index);
    else this.byPackage.set(assignment.id, [index]);
    this.refresh(assignment.id);
  }

  /** Recomputes a package's accumulated term from its assignments and keeps `pending` in step. */
  private refresh(id: string): void {
    let current: Term | undefined;
    for (const index of this.byPackage.get(id) ?? []) {
      const term = (this.assignments[index] as Assignment).term;
      current = current ? this.intersect(id, current, term) : term;
    }
    if (current) this.accumulated.set(id, current);
    else this.accumulated.delete(id);
    const previous = this.pending.get(id);
    let count: number | undefined;
    if (current?.positive && !this.decisions.has(id)) {
      count = 0;
      for (let bits = current.bits; bits > 0n; bits &= bits - 1n) count += 1;
    }
    if (previous === count) return;
    if (previous !== undefined) {
      this.pending.delete(id);
      this.buckets.get(previous)?.delete(id);
    }
    if (count !== undefined) {
      this.pending.set(id, count);
      let bucket = this.buckets.get(count);
      if (!bucket) {
        bucket = new Set();
        this.buckets.set(count, bucket);
      }
      bucket.add(id);
    }
  }

  private backtrack(level: number): void {
    const touched = new Set<string>();
    while (
      this.assignments.length > 0 &&
      (this.assignments[this.assignments.length - 1] as Assignment).level > level
    ) {
      const removed = this.assignments.pop() as Assignment;
      if (removed.cause === undefined) this.decisions.delete(removed.id);
      this.byPackage.get(removed.id)?.pop();
      touched.add(removed.id);
    }
    this.level = level;
    for (const id of touched) this.refresh(id);
  }

  private propagate(start: string): void {
    const changed = [start];
    const queued = new Set(changed);
    while (changed.length > 0) {
      const id = changed.pop() as string;
      queued.delete(id);
      const list = this.incompatibilities.get(id) ?? [];
      for (let index = list.length - 1; index >= 0; index -= 1) {
        const incompatibility = list[index] as Incompatibility;
        const result = this.check(incompatibility);
        if (result === 'satisfied') {
          const rootCause = this.resolveConflict(incompatibility);
          const derived = this.check(rootCause);
          if (typeof derived !== 'string') {
            this.derive(derived, rootCause);
            changed.length = 0;
            queued.clear();
            changed.push(derived.id);
            queued.add(derived.id);
          }
          break;
        }
        if (typeof result !== 'string') {
          this.derive(result, incompatibility);
          if (!queued.has(result.id)) {
            changed.push(result.id);
            queued.add(result.id);
          }
        }
      }
    }
  }

  /** `satisfied`, `none` (contradicted or two+ terms undecided), or the one undecided term (almost satisfied). */
  private check(incompatibility: Incompatibility): 'satisfied' | 'none' | { id: string; term: Term } {
    let unsatisfied: { id: string; term: Term } | undefined;
    for (const [id, term] of incompatibility.terms) {
      const relation = this.relation(id, term);
      if (relation === 'contradicted') return 'none';
      if (relation === 'inconclusive') {
        if (unsatisfied) return 'none';
        unsatisfied = { id, term };
      }
    }
    return unsatisfied ?? 'satisfied';
  }

  private derive(found: { id: string; term: Term }, cause: Incompatibility): void {
    this.assign({
      id: found.id,
      term: { positive: !found.term.positive, bits: found.term.bits },
      level: this.level,
      cause,
    });
  }

  private isFailure(incompatibility: Incompatibility): boolean {
    if (incompatibility.terms.size === 0) return true;
    if (incompatibility.terms.size > 1) return false;
    const term = incompatibility.terms.get(this.source.rootId);
    return term?.positive === true;
  }

  private resolveConflict(conflict: Incompatibility): Incompatibility {
    let incompatibility = conflict;
    let learned = false;
    while (true) {
      this.step();
      if (this.isFailure(incompatibility)) throw new Failure(incompatibility);
      // The satisfier: the latest of the terms' satisfiers (the earliest assignment after which the
      // partial solution satisfies a term); the others' levels bound how far to backjump.
      let termId = '';
      let latest = -1;
      let previousLevel = 1;
      let difference: Term | undefined;
      for (const [id, term] of incompatibility.terms) {
        const index = this.satisfierOf(id, term);
        if (index > latest) {
          if (latest >= 0)
            previousLevel = Math.max(previousLevel, (this.assignments[latest] as Assignment).level);
          latest = index;
          termId = id;
          difference = undefined;
        } else {
          previousLevel = Math.max(previousLevel, (this.assignments[index] as Assignment).level);
        }
        if (termId === id) {
          const satisfierTerm = (this.assignments[latest] as Assignment).term;
          const candidate = this.intersect(id, satisfierTerm, { positive: !term.positive, bits: term.bits });
          difference = candidate.positive && candidate.bits === 0n ? undefined : candidate;
          if (difference) {
            const inverse = { positive: !difference.positive, bits: difference.bits };
            previousLevel = Math.max(
              previousLevel,
              (this.assignments[this.satisfierOf(id, inverse)] as Assignment).level,
            );
          }
        }
      }
      const satisfier = this.assignments[latest] as Assignment;
      if (satisfier.cause === undefined || previousLevel < satisfier.level) {
        if (learned) this.addIncompatibility(incompatibility);
        this.backtrack(previousLevel);
        return incompatibility;
      }
      // Resolution: combine with the satisfier's cause, dropping the satisfier's package.
      const terms = new Map<string, Term>();
      const merge = (id: string, value: Term) => {
        const current = terms.get(id);
        terms.set(id, current ? this.intersect(id, current, value) : value);
      };
      for (const [id, value] of incompatibility.terms) if (id !== termId) merge(id, value);
      for (const [id, value] of satisfier.cause.terms) if (id !== termId) merge(id, value);
      if (difference) merge(termId, { positive: !difference.positive, bits: difference.bits });
      incompatibility = {
        terms: this.normalize(terms),
        cause: { kind: 'derived', left: incompatibility, right: satisfier.cause },
      };
      learned = true;
    }
  }

  /** Index of the earliest assignment after which the partial solution satisfies `term` (it must). */
  private satisfierOf(id: string, term: Term): number {
    let running: Term | undefined;
    for (const index of this.byPackage.get(id) ?? []) {
      const assignment = this.assignments[index] as Assignment;
      running = running ? this.intersect(id, running, assignment.term) : assignment.term;
      if (this.subset(running, term)) return index;
    }
    throw new Error(`internal: no satisfier for ${id}`);
  }

  /**
   * Drops terms every solution satisfies: a negative term on the empty set, and (as pub does)
   * the root's positive term when others remain, since the root is always selected.
   */
  private normalize(terms: Map<string, Term>): Map<string, Term> {
    for (const [id, term] of terms) if (!term.positive && term.bits === 0n) terms.delete(id);
    const root = terms.get(this.source.rootId);
    if (terms.size > 1 && root?.positive) terms.delete(this.source.rootId);
    return terms;
  }

  private step(): void {
    this.steps += 1;
    if (this.steps > this.source.maxSteps) throw new TooManySteps();
  }

  /** Picks the next package and version; returns the package to propagate from, or undefined when done. */
  private decide(): string | undefined {
    let best: { id: string; bits: Bits; count: number } | undefined;
    // The most constrained package first (fewest allowed versions, as pub does); ties go to the
    // package that became pending first, which keeps the choice deterministic and O(distinct counts).
    let fewest: number | undefined;
    for (const [count, bucket] of this.buckets) {
      if (bucket.size > 0 && (fewest === undefined || count < fewest)) fewest = count;
    }
    if (fewest !== undefined) {
      const id = (this.buckets.get(fewest) as Set<string>).values().next().value as string;
      best = { id, bits: (this.accumulated.get(id) as Term).bits, count: fewest };
    }
    if (!best) return undefined;
    this.step();
    const { id, bits } = best;
    if (bits === 0n) {
      this.addIncompatibility({
        terms: new Map([[id, { positive: true, bits: this.all(id) }]]),
        cause: { kind: 'no-versions' },
      });
      return id;
    }
    let index = 0;
    while (((bits >> BigInt(index)) & 1n) === 0n) index += 1;
    const entry = this.pkg(id).versions[index] as SolverPackage['versions'][number];
    const versionBit = 1n << BigInt(index);
    let conflict = false;
    const key = `${id}@${entry.version}`;
    const fresh = !this.addedDependencies.has(key);
    this.addedDependencies.add(key);
    for (const dependency of Object.keys(entry.dependencies).sort()) {
      const range = entry.dependencies[dependency] as string;
      const dependencyBits = this.bitsOf(dependency, range);
      const incompatibility: Incompatibility = {
        terms: new Map([
          [id, { positive: true, bits: versionBit }],
          [dependency, { positive: false, bits: dependencyBits }],
        ]),
        cause: { kind: 'dependency', version: entry.version, dependency, range },
      };
      if (dependency === id) {
        // A package that depends on itself: harmless when the version is in its own range,
        // otherwise the version alone is forbidden.
        if ((dependencyBits & versionBit) !== 0n) continue;
        incompatibility.terms = new Map([[id, { positive: true, bits: versionBit }]]);
      } else if (dependencyBits === 0n) {
        // "not <dependency> in the empty set" always holds: the version alone is forbidden.
        incompatibility.terms.delete(dependency);
      }
      if (fresh) this.addIncompatibility(incompatibility);
      // A dependency whose every version is excluded already: do not decide, let propagation explain.
      if (
        [...incompatibility.terms].every(
          ([termId, term]) => termId === id || this.relation(termId, term) === 'satisfied',
        )
      )
        conflict = true;
    }
    if (!conflict) {
      this.level += 1;
      this.decisions.set(id, entry.version);
      this.assign({ id, term: { positive: true, bits: versionBit }, level: this.level });
    }
    return id;
  }

  // ---- explanation

  private describeTerm(id: string, term: Term): string {
    const all = this.all(id);
    const versions = this.versionsIn(id, term.bits);
    const set =
      term.bits === all
        ? 'any version'
        : versions.length === 1
          ? (versions[0] as string)
          : versions.length === 0
            ? 'no version'
            : `one of ${versions.join(', ')}`;
    return term.positive ? `${id} ${set}` : `${id} not ${set}`;
  }

  private describe(incompatibility: Incompatibility): string {
    const cause = incompatibility.cause;
    const root = this.source.rootId;
    if (cause.kind === 'root') return `${root} ${this.rootVersion} is the root`;
    if (cause.kind === 'dependency') {
      const [depender] = [...incompatibility.terms.keys()].filter((id) => id !== cause.dependency);
      const matching = this.versionsIn(cause.dependency, this.bitsOf(cause.dependency, cause.range));
      const note =
        this.pkg(cause.dependency).versions.length === 0
          ? ` (the catalog has no ${cause.dependency})`
          : matching.length === 0
            ? ` (no version of ${cause.dependency} matches)`
            : '';
      return `${depender ?? cause.dependency}@${cause.version} depends on ${cause.dependency} ${cause.range}${note}`;
    }
    if (cause.kind === 'no-versions') {
      const [[id, term]] = [...incompatibility.terms] as [[string, Term]];
      return `no version of ${id} is left (${this.describeTerm(id, { positive: true, bits: term.bits })})`;
    }
    const terms = [...incompatibility.terms];
    if (terms.length === 0) return 'version solving failed';
    if (terms.length === 1) {
      const [[id, term]] = terms as [[string, Term]];
      if (id === root && term.positive) return 'version solving failed';
      return term.positive
        ? `${this.describeTerm(id, term)} is forbidden`
        : `${this.describeTerm(id, { positive: true, bits: term.bits })} is required`;
    }
    const positives = terms.filter(([, term]) => term.positive);
    const negatives = terms.filter(([, term]) => !term.positive);
    if (positives.length >= 1 && negatives.length === 1) {
      const [id, term] = negatives[0] as [string, Term];
      return `${positives.map(([p, t]) => this.describeTerm(p, t)).join(' and ')} requires ${this.describeTerm(id, { positive: true, bits: term.bits })}`;
    }
    return `${terms.map(([id, term]) => this.describeTerm(id, term)).join(' and ')} cannot all hold`;
  }

  /** Depth-first over the derivation: external facts first, then each derived step as "because A and B, C". */
  private explain(
    incompatibility: Incompatibility,
    facts: SolverFact[],
    lines: string[],
    seen: Set<Incompatibility>,
  ): void {
    if (seen.has(incompatibility)) return;
    seen.add(incompatibility);
    const cause = incompatibility.cause;
    if (cause.kind === 'derived') {
      this.explain(cause.left, facts, lines, seen);
      this.explain(cause.right, facts, lines, seen);
      lines.push(
        `Because ${this.describe(cause.left)} and ${this.describe(cause.right)}: ${this.describe(incompatibility)}.`,
      );
      return;
    }
    if (cause.kind === 'root')
      facts.push({ kind: 'root', id: this.source.rootId, version: this.rootVersion });
    else if (cause.kind === 'dependency') {
      const depender =
        [...incompatibility.terms.keys()].find((id) => id !== cause.dependency) ?? cause.dependency;
      facts.push({
        kind: 'dependency',
        id: depender,
        version: cause.version,
        dependency: cause.dependency,
        range: cause.range,
      });
    } else {
      const [[id, term]] = [...incompatibility.terms] as [[string, Term]];
      facts.push({ kind: 'no-versions', id, versions: this.versionsIn(id, term.bits) });
    }
  }
}
