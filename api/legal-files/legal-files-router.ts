import { Router } from 'express';
import { z } from 'zod';
import type { Database } from '../../db/database';
import { findLegalFile, InvalidCursorError, listLegalFiles } from '../../db/legal-files';
import { requirePermission } from '../http/auth';
import { queryText } from '../http/field-schemas';
import { NotFoundError, ValidationError } from '../http/http-errors';
import { pathParam } from '../http/path-params';
import { parseBody } from '../http/validate';

export const listLegalFilesQuerySchema = z.object({
  status: queryText(40).default('open').describe("'open' by default; 'any' for every file"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: queryText(400).optional(),
});

export function createLegalFilesRouter(deps: { db: Database }): Router {
  const { db } = deps;
  const router = Router();

  router.get('/legal-files', requirePermission('read'), async (req, res) => {
    const query = parseBody(listLegalFilesQuerySchema, req.query);
    try {
      res.json(
        await listLegalFiles(db, {
          status: query.status === 'any' ? undefined : query.status,
          cursor: query.cursor,
          limit: query.limit,
        }),
      );
    } catch (error) {
      if (error instanceof InvalidCursorError) {
        throw new ValidationError([{ field: 'cursor', rule: 'cursor', message: error.message }]);
      }
      throw error;
    }
  });

  router.get('/legal-files/:id', requirePermission('read'), async (req, res) => {
    const id = pathParam(req, 'id');
    const file = await findLegalFile(db, id);
    if (!file) throw new NotFoundError(`legal file ${id}`);
    res.json(file);
  });

  return router;
}
