// Fault injection per endpoint: errors (5xx / internal_error), delays, a connection reset before
// the request takes effect, and a reset after it took effect (the post exists, the client never
// hears back). Rules fire by probability or for the next N matching calls.
import { z } from 'zod';
import { ENDPOINT_IDS } from '@tokpost/tiktok/contract';

/** Fault targets: every TikTok endpoint, plus chunk uploads, URL pulls, webhook deliveries, or all. */
export const FAULT_TARGETS = ['*', ...ENDPOINT_IDS, 'upload', 'pull', 'webhook'] as [string, ...string[]];

export const faultRuleSchema = z
  .object({
    endpoint: z.enum(FAULT_TARGETS),
    kind: z.enum(['error', 'delay', 'reset_before', 'reset_after']),
    probability: z.number().min(0).max(1).optional(),
    count: z.number().int().positive().optional(),
    // 200 lets a test inject the non-ok codes TikTok sends with HTTP 200 (creator_info caps).
    status: z.number().int().min(200).max(599).optional(),
    code: z.string().optional(),
    delay_ms: z.number().int().nonnegative().optional(),
  })
  .refine((r) => r.kind !== 'delay' || r.delay_ms !== undefined, { message: 'delay faults need delay_ms' });
export type FaultRuleInput = z.infer<typeof faultRuleSchema>;

export interface FaultRule extends FaultRuleInput {
  id: number;
  fired: number;
}

export interface FaultRegistry {
  add(rule: FaultRuleInput): FaultRule;
  clear(): void;
  list(): FaultRule[];
  /** The faults to apply to one call on `endpoint` (consumes counted rules). */
  pick(endpoint: string): FaultRule[];
}

export function createFaultRegistry(random: () => number): FaultRegistry {
  let rules: FaultRule[] = [];
  let nextId = 1;
  return {
    add(input) {
      const rule: FaultRule = { ...input, id: nextId++, fired: 0 };
      rules.push(rule);
      return rule;
    },
    clear() {
      rules = [];
    },
    list: () => rules.map((r) => ({ ...r })),
    pick(endpoint) {
      const hits: FaultRule[] = [];
      for (const rule of rules) {
        if (rule.endpoint !== '*' && rule.endpoint !== endpoint) continue;
        if (rule.count !== undefined && rule.fired >= rule.count) continue;
        const p = rule.probability ?? 1;
        if (p < 1 && random() >= p) continue;
        rule.fired += 1;
        hits.push(rule);
      }
      rules = rules.filter((r) => r.count === undefined || r.fired < r.count);
      return hits;
    },
  };
}
