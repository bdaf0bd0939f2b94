/** The few ANSI escape sequences the live view needs; no TUI library is worth a dependency for this. */
export const Ansi = {
  enterAlternateScreen: '\x1b[?1049h',
  leaveAlternateScreen: '\x1b[?1049l',
  hideCursor: '\x1b[?25l',
  showCursor: '\x1b[?25h',
  cursorHome: '\x1b[H',
  clearToLineEnd: '\x1b[K',
  clearToScreenEnd: '\x1b[J',
} as const;

export type TextStyle = 'bold' | 'dim' | 'green' | 'yellow' | 'red' | 'magenta' | 'cyan' | 'gray';

const STYLE_CODES: Record<TextStyle, number> = {
  bold: 1,
  dim: 2,
  red: 31,
  green: 32,
  yellow: 33,
  magenta: 35,
  cyan: 36,
  gray: 90,
};

/** Wraps text in a style when colour is on; callers pad before styling, so widths stay right. */
export function styled(text: string, style: TextStyle, color: boolean): string {
  return color ? `\x1b[${STYLE_CODES[style]}m${text}\x1b[0m` : text;
}
