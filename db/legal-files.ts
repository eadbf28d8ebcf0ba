import type { Queryable } from './database';

export interface LegalFileRow {
  id: string;
  invoiceId: string;
  status: string;
  recommendedRoute: string;
  routeReason: string;
  dossier: Record<string, unknown>;
  openedAt: string;
}

interface Row {
  id: string;
  invoice_id: string;
  status: string;
  recommended_route: string;
  route_reason: string;
  dossier: Record<string, unknown>;
  opened_at: Date;
}

const toLegalFile = (row: Row): LegalFileRow => ({
  id: row.id,
  invoiceId: row.invoice_id,
  status: row.status,
  recommendedRoute: row.recommended_route,
  routeReason: row.route_reason,
  dossier: row.dossier,
  openedAt: row.opened_at.toISOString(),
});

/** Opens the invoice's legal file unless one exists; answers the file either way. */
export async function openLegalFile(
  db: Queryable,
  file: Omit<LegalFileRow, 'status' | 'openedAt'>,
): Promise<{ file: LegalFileRow; created: boolean }> {
  const rows = await db.query<Row>(
    `INSERT INTO legal_files (id, invoice_id, recommended_route, route_reason, dossier)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (invoice_id) DO NOTHING RETURNING *`,
    [file.id, file.invoiceId, file.recommendedRoute, file.routeReason, JSON.stringify(file.dossier)],
  );
  if (rows[0]) return { file: toLegalFile(rows[0]), created: true };
  const existing = await db.query<Row>('SELECT * FROM legal_files WHERE invoice_id = $1', [file.invoiceId]);
  return { file: toLegalFile(existing[0]!), created: false };
}

export async function listLegalFiles(db: Queryable, status = 'open'): Promise<LegalFileRow[]> {
  const rows = await db.query<Row>('SELECT * FROM legal_files WHERE status = $1 ORDER BY opened_at, id', [status]);
  return rows.map(toLegalFile);
}
