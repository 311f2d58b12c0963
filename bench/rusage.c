/* rusage: run a command, then report what it cost.
 *
 *   rusage [-o FILE] COMMAND [ARG...]
 *
 * Writes one line "WALL MAXRSS USER SYS STATUS" (seconds, KiB, seconds,
 * seconds, exit status or 128+signal) to FILE, or to stderr.  SIGINT and
 * SIGTERM are passed on to the command, so a listener can be stopped
 * through us.  Exits with the command's status. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>

static volatile pid_t child;

static void forward(int sig)
{
	if (child > 0)
		kill(child, sig);
}

static double secs(struct timeval tv)
{
	return tv.tv_sec + tv.tv_usec / 1e6;
}

int main(int argc, char **argv)
{
	const char *out = NULL;
	struct sigaction sa;
	struct timespec t0, t1;
	struct rusage ru;
	int status, code;
	FILE *f = stderr;
	pid_t pid;

	if (argc > 2 && !strcmp(argv[1], "-o")) {
		out = argv[2];
		argv += 2;
		argc -= 2;
	}
	if (argc < 2) {
		fputs("usage: rusage [-o FILE] COMMAND [ARG...]\n", stderr);
		return 2;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = forward;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0) {
		perror("rusage: fork");
		return 1;
	}
	if (pid == 0) {
		/* A background job of a script starts with SIGINT ignored;
		 * the command must see it like a foreground one. */
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		execvp(argv[1], argv + 1);
		fprintf(stderr, "rusage: %s: %s\n", argv[1], strerror(errno));
		_exit(127);
	}
	child = pid;
	while (wait4(pid, &status, 0, &ru) < 0)
		if (errno != EINTR) {
			perror("rusage: wait4");
			return 1;
		}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	if (out && !(f = fopen(out, "w"))) {
		fprintf(stderr, "rusage: %s: %s\n", out, strerror(errno));
		return 1;
	}
	fprintf(f, "%.6f %ld %.6f %.6f %d\n",
		(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
		ru.ru_maxrss, secs(ru.ru_utime), secs(ru.ru_stime), code);
	if (f != stderr && fclose(f))
		return 1;
	return code;
}
