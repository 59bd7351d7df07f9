import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { generatePlan } from './generate-plan.ts';
import { planArbitrary, TODAY } from './plan-arbitraries.ts';
import { planViolations } from './plan-checks.ts';
import { validatePlanRequest } from './validate-plan-request.ts';

test('every generated plan keeps the safety rules, over many random runners and races', () => {
  fc.assert(
    fc.property(planArbitrary, (request) => {
      const checked = validatePlanRequest(request, TODAY);
      assert.ok(checked.ok, JSON.stringify(!checked.ok && checked.issues));
      const plan = generatePlan(checked.request);
      assert.deepEqual(planViolations(plan), []);
    }),
    { numRuns: Number(process.env.RUNS ?? 400), seed: Number(process.env.SEED ?? 20260501) },
  );
});

test('the generator is deterministic: the same request gives the same plan', () => {
  fc.assert(
    fc.property(planArbitrary, (request) => {
      assert.deepEqual(generatePlan(request), generatePlan(structuredClone(request)));
    }),
    { numRuns: 100, seed: 7 },
  );
});
