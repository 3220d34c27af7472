/** Proves the peer tool lookup: every tool the harness needs is found, and a missing one fails loudly. */
import { describe, expect, it } from 'vitest';
import { accessSync, constants } from 'node:fs';
import { isAbsolute } from 'node:path';
import { findTool, PEER_TOOLS, requireTools, runPeer, type PeerTool } from './index.js';

describe('findTool', () => {
  it.each(Object.keys(PEER_TOOLS) as PeerTool[])('finds %s as an absolute, executable path', (name) => {
    const path = findTool(name);
    expect(isAbsolute(path)).toBe(true);
    expect(path.endsWith(`/${name}`)).toBe(true);
    expect(() => accessSync(path, constants.X_OK)).not.toThrow();
  });

  it('finds oras where go install puts it even when PATH does not hold it', () => {
    expect(findTool('oras', '/nonexistent')).toMatch(/\/bin\/oras$/);
  });

  it('throws TOOL_NOT_FOUND naming the install step when a tool is missing', () => {
    let error: unknown;
    try {
      findTool('skopeo', '/nonexistent');
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: 'TOOL_NOT_FOUND', hint: expect.stringContaining('apt-get install -y skopeo') });
    expect((error as Error).message).toContain('/nonexistent');
  });

  it('requireTools returns every path at once', () => {
    expect(Object.keys(requireTools('oras', 'docker-registry'))).toEqual(['oras', 'docker-registry']);
  });

  it('finds the oras version CI installs', async () => {
    const version = await runPeer('oras', ['version']);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/Version:\s+1\.3\.6/);
  });
});
