/** Errors the API answers with; the error middleware renders each as application/problem+json. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export interface FieldIssue {
  field: string;
  rule: string;
  message: string;
}

export class ValidationError extends HttpError {
  constructor(
    readonly issues: FieldIssue[],
    status = 400,
  ) {
    super(
      status,
      status === 400 ? 'Invalid request' : 'Unprocessable request',
      issues.map((i) => i.message).join('; '),
      {
        errors: issues,
      },
    );
  }
}

export class UnauthorizedError extends HttpError {
  constructor() {
    super(401, 'Unauthorized', 'a valid API key is required: Authorization: Bearer <key>');
  }
}

export class ForbiddenError extends HttpError {
  constructor(role: string) {
    super(403, 'Forbidden', `the ${role} role may not do this`);
  }
}

export class NotFoundError extends HttpError {
  constructor(what: string) {
    super(404, 'Not found', `${what} does not exist`);
  }
}

export class ConflictError extends HttpError {
  constructor(message: string) {
    super(409, 'Conflict', message);
  }
}

export class ServiceUnavailableError extends HttpError {
  constructor(dependency: string) {
    super(503, 'Service unavailable', `${dependency} is not reachable; retry later`, { dependency });
  }
}

/** Over a rate limit: the client is told when one more request will be accepted (`Retry-After`, in seconds). */
export class TooManyRequestsError extends HttpError {
  constructor(
    readonly retryAfterSeconds: number,
    what: string,
  ) {
    super(429, 'Too many requests', `${what}; retry after ${retryAfterSeconds} s`, { retryAfter: retryAfterSeconds });
  }
}
