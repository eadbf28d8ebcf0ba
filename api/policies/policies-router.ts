import { Router } from 'express';
import type { Request, Response } from 'express';
import type { Database } from '../../db/database';
import {
  findLatestPolicy,
  findPolicyVersion as findStoredPolicyVersion,
  insertPolicyVersion,
  listPolicyVersions,
} from '../../db/policies';
import { callerName } from '../http/caller-name';
import { parseDunningPolicy } from '../../domain/dunning-policy';
import { requirePermission } from '../http/auth';
import { ConflictError, HttpError, NotFoundError, ValidationError } from '../http/http-errors';
import { pathParam } from '../http/path-params';
import { BUILT_IN_POLICIES, findPolicy, findPolicyVersion, listPolicyCatalog } from './policy-catalog';
import { unknownStepTemplates } from './step-templates';
import { domainCheck } from '../http/validate';

class ImmutableVersionError extends HttpError {
  constructor(allow: string) {
    super(
      405,
      'Method not allowed',
      'policy versions are immutable: running invoices keep the copy they started with; POST /v1/policies creates a new version',
      { allow },
    );
  }
}

class BuiltInPolicyError extends HttpError {
  constructor(id: string) {
    const message = `id: '${id}' is a built-in policy; choose another id`;
    super(409, 'Conflict', message, { errors: [{ field: 'id', rule: 'built_in', message }] });
  }
}

/** Dunning policies as versioned data: a new body is always a new version, a stored version never changes. */
export function createPoliciesRouter(deps: { db: Database }): Router {
  const { db } = deps;
  const router = Router();

  router.get('/policies', requirePermission('read'), async (_req, res) => {
    res.json({ items: await listPolicyCatalog(db) });
  });

  router.post('/policies', requirePermission('write'), async (req, res) => {
    const raw = req.body as unknown;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new ValidationError([{ field: '(body)', rule: 'object', message: '(body): must be a policy object' }], 422);
    }
    const requested = (raw as { version?: unknown }).version;
    // The whole body is checked before anything is looked up: a bad id never reaches PostgreSQL.
    const parsed = domainCheck(() => parseDunningPolicy({ ...raw, version: requested ?? 1 }), '', 422);
    const unknownTemplates = unknownStepTemplates(parsed);
    if (unknownTemplates.length) throw new ValidationError(unknownTemplates, 422);
    // Every invoice created without a policyId (or with the README's demo-fast) takes the newest version of its id:
    // a new version of a built-in policy would move all of them, so it is never made by accident.
    if (BUILT_IN_POLICIES.some((policy) => policy.id === parsed.id)) throw new BuiltInPolicyError(parsed.id);
    const latest = await latestVersion(db, parsed.id);
    if (requested !== undefined && parsed.version <= latest) {
      throw new ConflictError(
        `policy ${parsed.id} version ${parsed.version} exists and is immutable; post without a version (or version ${latest + 1}) to create the next one`,
      );
    }
    const policy = { ...parsed, version: requested === undefined ? latest + 1 : parsed.version };
    if (policy.version !== latest + 1) {
      throw new ValidationError(
        [
          {
            field: 'version',
            rule: 'next_version',
            message: `version: the next version of ${policy.id} is ${latest + 1}`,
          },
        ],
        422,
      );
    }
    const { id: _id, version: _version, ...body } = policy;
    const stored = await insertPolicyVersion(db, {
      id: policy.id,
      version: policy.version,
      name: policy.name,
      body,
      createdBy: callerName(req),
    });
    if (!stored)
      throw new ConflictError(
        `policy ${policy.id} version ${policy.version} was just created by another request; retry`,
      );
    res
      .status(201)
      .location(`/v1/policies/${encodeURIComponent(policy.id)}/versions/${policy.version}`)
      .json({ ...policy, builtIn: false, createdAt: stored.createdAt, createdBy: stored.createdBy });
  });

  router.get('/policies/:id', requirePermission('read'), async (req, res) => {
    const id = pathParam(req, 'id');
    const policy = await findPolicy(db, id);
    if (!policy) throw new NotFoundError(`policy ${id}`);
    const stored = await listPolicyVersions(db, id);
    const versions = stored.length ? stored : [policy.version];
    res.json({ ...policy, builtIn: stored.length === 0, versions });
  });

  router.get('/policies/:id/versions/:version', requirePermission('read'), async (req, res) => {
    const id = pathParam(req, 'id');
    const version = Number(pathParam(req, 'version'));
    const policy = await findPolicyVersion(db, id, version);
    if (!policy) throw new NotFoundError(`policy ${id} version ${version}`);
    const stored = await findStoredPolicyVersion(db, id, version);
    res.json(stored ? { ...policy, createdAt: stored.createdAt, createdBy: stored.createdBy } : policy);
  });

  const refuse = (allow: string) => (_req: Request, res: Response) => {
    res.setHeader('Allow', allow);
    throw new ImmutableVersionError(allow);
  };
  router.put('/policies/:id', refuse('GET'));
  router.patch('/policies/:id', refuse('GET'));
  router.delete('/policies/:id', refuse('GET'));
  router.put('/policies/:id/versions/:version', refuse('GET'));
  router.patch('/policies/:id/versions/:version', refuse('GET'));
  router.delete('/policies/:id/versions/:version', refuse('GET'));
  return router;
}

async function latestVersion(db: Database, id: string): Promise<number> {
  const stored = await findLatestPolicy(db, id);
  const builtIn = BUILT_IN_POLICIES.find((policy) => policy.id === id);
  return Math.max(stored?.version ?? 0, builtIn?.version ?? 0);
}
