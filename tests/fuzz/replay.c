/* main() for a fuzz target built without libFuzzer: run every file (and
 * every file in every directory) named on the command line through
 * LLVMFuzzerTestOneInput and say how many, so gcc-only machines can still
 * replay a corpus. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned long replayed;

static void replay(const char *path)
{
	static uint8_t buf[0x10000];
	struct dirent *e;
	struct stat st;
	size_t n;
	FILE *f;
	DIR *d;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
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
		return;
	}
	f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(1);
	}
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, n);
	replayed++;
}

int main(int argc, char **argv)
{
	const char *name = strrchr(argv[0], '/');
	int i;

	for (i = 1; i < argc; i++)
		replay(argv[i]);
	printf("PASS: %s replay of %lu inputs\n", name ? name + 1 : argv[0], replayed);
	return 0;
}
