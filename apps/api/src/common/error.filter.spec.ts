import { BadRequestException, NotFoundException } from '@nestjs/common';
import { AppError } from '@escucha/core';
import { describe, expect, it } from 'vitest';
import { toErrorResponse } from './error.filter';

describe('toErrorResponse', () => {
  it('keeps the code and status of a coded error', () => {
    expect(toErrorResponse(new AppError('FORBIDDEN', 'nope', 403))).toEqual({ status: 403, body: { code: 'FORBIDDEN', message: 'nope' } });
  });

  it('sends a coded error\'s details beside code and message, never over them', () => {
    const error = new AppError('INVALID_QUERY', 'expected a word at position 3', 400, { position: 3, code: 'OVERRIDE' });
    expect(toErrorResponse(error)).toEqual({ status: 400, body: { code: 'INVALID_QUERY', message: 'expected a word at position 3', position: 3 } });
  });

  it('joins validation messages', () => {
    const error = new BadRequestException(['limit must not be greater than 500', 'from must be a valid ISO 8601 date string']);
    expect(toErrorResponse(error)).toEqual({
      status: 400,
      body: { code: 'BAD_REQUEST', message: 'limit must not be greater than 500; from must be a valid ISO 8601 date string' },
    });
  });

  it('maps unknown routes', () => {
    expect(toErrorResponse(new NotFoundException('Cannot GET /x')).body.code).toBe('NOT_FOUND');
  });

  it('hides the details of anything else', () => {
    expect(toErrorResponse(new TypeError('x is undefined'))).toEqual({
      status: 500,
      body: { code: 'INTERNAL', message: 'internal error; the server log has the details' },
    });
  });
});
