#ifndef CNCURSESW_H
#define CNCURSESW_H

/* Wide-character curses: without these, get_wch, setcchar, cchar_t and wint_t are invisible. */
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <wchar.h>

/* Swift 6 rejects C globals and cannot import function-like macros: these wrap them. */
/* newterm(NULL, stdout, stdin): returns NULL on an unknown TERM instead of exiting. */
SCREEN *kith_newterm(void);
WINDOW *kith_stdscr(void);
int kith_lines(void);
int kith_cols(void);
int kith_has_colors(void);
int kith_colors(void);
attr_t kith_a_normal(void);
attr_t kith_a_bold(void);
attr_t kith_a_reverse(void);
attr_t kith_a_underline(void);
attr_t kith_a_dim(void);

/* Locale: Swift never calls setlocale. Sets LC_CTYPE from the environment and falls back to
   C.UTF-8 when that gives a non-UTF-8 locale. Returns 1 when UTF-8 is in force. */
int kith_setup_locale(void);

/* Draws one grapheme cluster at y, x: its code points (at most CCHARW_MAX), then a 0. */
int kith_put_wide(int y, int x, const wchar_t *wide, attr_t attrs, short pair);

/* Reads one key: returns OK with a character, KEY_CODE_YES with a key code, or ERR. */
int kith_get_key(int *code);

/* Mouse: enables clicks and the wheel; reads one mouse event. kind: 1 click, 2 double click,
   3 wheel up, 4 wheel down, 0 other. */
void kith_mouse_enable(void);
int kith_read_mouse(int *y, int *x, int *kind);

/* SIGINT, SIGTERM, SIGHUP set a flag (no SA_RESTART, so a blocking read returns); the loop
   takes it, saves and exits. */
void kith_install_signal_handlers(void);
int kith_take_signal(void);

/* On a crash (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP): restore the terminal, then
   hand the signal to the previous handler. */
void kith_install_crash_handler(void);

#endif
