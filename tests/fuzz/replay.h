/* Included at the end of a fuzz target: with -DFUZZ_REPLAY (no
 * libFuzzer, e.g. gcc only) a main() that runs the target once on every
 * file named on the command line or found in a named directory. */
#ifdef FUZZ_REPLAY
#include <dirent.h>
#include <sys/stat.h>

static unsigned long replayed;

static void replay_file(const char *path)
{
	static uint8_t buf[0x10000];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f) {
		perror(path);
		exit(1);
	}
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, n);
	replayed++;
}

static void replay(const char *path)
{
	struct stat st;
	struct dirent *e;
	DIR *d;

	if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode)) {
		replay_file(path);
		return;
	}
	d = opendir(path);
	while (d && (e = readdir(d))) {
		char sub[4096];

		if (e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		replay(sub);
	}
	if (d)
		closedir(d);
}

int main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		replay(argv[i]);
	printf("PASS: %s replay of %lu inputs\n", FUZZ_NAME, replayed);
	return 0;
}
#endif
