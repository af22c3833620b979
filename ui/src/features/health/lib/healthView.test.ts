import { describe, expect, it } from 'vitest';
import type { ApiResult } from '../../../lib/api';
import type { Health } from './health';
import { describeHealth } from './healthView';

const checkedAt = new Date('2025-01-02T03:04:05Z');
const checked = (result: ApiResult<Health>) => describeHealth({ phase: 'checked', result, checkedAt });

describe('describeHealth', () => {
  it('shows a pending check before the first answer', () => {
    const view = describeHealth({ phase: 'checking' });

    expect(view.tone).toBe('pending');
    expect(view.headline).toBe('Checking the server…');
    expect(view.version).toBeNull();
    expect(view.checkedAt).toBeNull();
  });

  it('shows a healthy server with its version', () => {
    const view = checked({ kind: 'ok', value: { status: 'OK', version: '0.1.0' } });

    expect(view).toEqual({
      tone: 'ok',
      headline: 'Server is up',
      detail: 'The server answered its health check and is ready to receive traces.',
      version: '0.1.0',
      checkedAt,
    });
  });

  it('shows a 200 answer whose status is not OK as degraded, quoting the status', () => {
    const view = checked({ kind: 'ok', value: { status: 'DEGRADED', version: '0.1.0' } });

    expect(view.tone).toBe('degraded');
    expect(view.detail).toContain('"DEGRADED"');
    expect(view.version).toBe('0.1.0');
  });

  it("shows the server's own 503 as up but not ready, with its reason and version", () => {
    const view = checked({
      kind: 'http-error',
      status: 503,
      message: null,
      body: { status: 'Storage not available', version: '0.1.0' },
    });

    expect(view.tone).toBe('degraded');
    expect(view.headline).toBe('Server is up but not ready');
    expect(view.detail).toContain('503 Service Unavailable (Storage not available)');
    expect(view.version).toBe('0.1.0');
  });

  it('prefers the error message of a 503 error body', () => {
    const view = checked({
      kind: 'http-error',
      status: 503,
      message: 'ClickHouse is starting.',
      body: { code: 'STORAGE_UNAVAILABLE', message: 'ClickHouse is starting.' },
    });

    expect(view.tone).toBe('degraded');
    expect(view.detail).toContain('(ClickHouse is starting.)');
    expect(view.version).toBeNull();
  });

  it.each([502, 503, 504])('explains a bare %i from a proxy as an unreachable server', (status) => {
    const view = checked({ kind: 'http-error', status, message: null, body: null });

    expect(view.tone).toBe('down');
    expect(view.headline).toBe('Cannot reach the server');
    expect(view.detail).toContain(`A proxy in front of the server answered ${status}`);
    expect(view.detail).toContain('port 3000');
  });

  it('explains in words when the browser gets no answer at all', () => {
    const view = checked({ kind: 'unreachable', reason: 'Failed to fetch' });

    expect(view.tone).toBe('down');
    expect(view.headline).toBe('Cannot reach the server');
    expect(view.detail).toBe(
      'The browser got no answer from the server (Failed to fetch). Check that the Glasshouse server is running ' +
        '(by default it listens on port 3000) and that this page was opened from its address.',
    );
  });

  it('suggests a wrong address for a 404', () => {
    const view = checked({ kind: 'http-error', status: 404, message: null, body: null });

    expect(view.tone).toBe('down');
    expect(view.detail).toBe(
      'The server answered /api/public/health with status 404. This address may not be a Glasshouse server.',
    );
  });

  it('calls an answer of the wrong shape unexpected', () => {
    const view = checked({ kind: 'invalid-response', status: 200, reason: 'the body is not JSON' });

    expect(view.tone).toBe('down');
    expect(view.headline).toBe('Unexpected answer');
    expect(view.detail).toContain('the body is not JSON');
  });
});
