#define _XOPEN_SOURCE 700
#define _DEFAULT_SOURCE 1
#include "CNcursesw.h"
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

SCREEN *kith_newterm(void) { return newterm(NULL, stdout, stdin); }
WINDOW *kith_stdscr(void) { return stdscr; }
int kith_lines(void) { return LINES; }
int kith_cols(void) { return COLS; }
int kith_has_colors(void) { return has_colors() ? 1 : 0; }
int kith_colors(void) { return COLORS; }
attr_t kith_a_normal(void) { return A_NORMAL; }
attr_t kith_a_bold(void) { return A_BOLD; }
attr_t kith_a_reverse(void) { return A_REVERSE; }
attr_t kith_a_underline(void) { return A_UNDERLINE; }
attr_t kith_a_dim(void) { return A_DIM; }

static int is_utf8(const char *name) {
    if (!name) return 0;
    return strstr(name, "UTF-8") || strstr(name, "utf8") || strstr(name, "UTF8") || strstr(name, "utf-8");
}

int kith_setup_locale(void) {
    /* Only the character type: numbers are written the C locale's way (a point), as the rest of
       kith writes them, and the other categories' files are not read. */
    setlocale(LC_CTYPE, "");
    if (is_utf8(setlocale(LC_CTYPE, NULL))) return 1;
    if (setlocale(LC_CTYPE, "C.UTF-8") && is_utf8(setlocale(LC_CTYPE, NULL))) return 1;
    return 0;
}

int kith_put_wide(int y, int x, const wchar_t *wide, attr_t attrs, short pair) {
    cchar_t cc;
    if (setcchar(&cc, wide, attrs, pair, NULL) != OK) return ERR;
    return mvadd_wch(y, x, &cc);
}

int kith_get_key(int *code) {
    wint_t ch = 0;
    int r = get_wch(&ch);
    *code = (int)ch;
    return r;
}

void kith_mouse_enable(void) {
    mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED
              | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
    mouseinterval(200);
}

int kith_read_mouse(int *y, int *x, int *kind) {
    MEVENT ev;
    if (getmouse(&ev) != OK) return ERR;
    *y = ev.y;
    *x = ev.x;
    if (ev.bstate & BUTTON1_DOUBLE_CLICKED) *kind = 2;
    else if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED)) *kind = 1;
    else if (ev.bstate & BUTTON4_PRESSED) *kind = 3;
    else if (ev.bstate & BUTTON5_PRESSED) *kind = 4;
    else *kind = 0;
    return OK;
}

static volatile sig_atomic_t pending_signal = 0;

static void on_signal(int sig) { pending_signal = sig; }

void kith_install_signal_handlers(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: a blocking read returns so the loop sees the flag */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

int kith_take_signal(void) {
    int s = pending_signal;
    pending_signal = 0;
    return s;
}

static struct sigaction previous[32];
static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP };

static void on_crash(int sig) {
    endwin();
    sigaction(sig, &previous[sig], NULL);
    raise(sig);
}

void kith_install_crash_handler(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_crash;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND;
    for (unsigned i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++) {
        sigaction(crash_signals[i], &sa, &previous[crash_signals[i]]);
    }
}
