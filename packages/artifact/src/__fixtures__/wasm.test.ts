import { describe, expect, it } from 'vitest';
import { proxyWasmModule } from './wasm.js';

// Node's WebAssembly global, typed here because the project's lib settings (ES2023, no DOM) omit it.
declare const WebAssembly: { Module: { new (bytes: Uint8Array): object; exports(m: object): Array<{ name: string }> } };

describe('the proxy-wasm test module', () => {
  it('is a module WebAssembly accepts, with the exports of a Go reactor', () => {
    const bytes = proxyWasmModule();
    const module = new WebAssembly.Module(bytes);
    const names = WebAssembly.Module.exports(module).map((e) => e.name);
    expect(names).toContain('_initialize');
    expect(names).toContain('proxy_on_request_headers');
    expect(names).toContain('memory');
  });

  it('can be padded to an exact size and stays valid', () => {
    const bytes = proxyWasmModule({ seed: 7, padTo: 100_000 });
    expect(bytes.length).toBe(100_000);
    expect(() => new WebAssembly.Module(bytes)).not.toThrow();
    expect(proxyWasmModule({ seed: 7 }).equals(proxyWasmModule({ seed: 8 }))).toBe(false);
  });
});
