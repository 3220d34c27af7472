/**
 * Text from outside (registry messages, VERSION files, plugin logs, file names in an archive) can
 * carry terminal escape sequences: a registry error that clears the screen, rewrites the previous
 * line ("✓ verified"), sets the window title or, on some terminals, writes to the clipboard. Every
 * control character except newline and tab is shown as a visible escape (`\x1b`) instead, as are
 * the Unicode bidi overrides that reorder what is displayed. Our own colours are added after this.
 */
// C0 controls but \t and \n, DEL, C1 controls, and the bidi embedding/override/isolate characters.
// eslint-disable-next-line no-control-regex -- matching control characters is the point: they are stripped.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
