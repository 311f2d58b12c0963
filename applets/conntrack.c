/* conntrack: placeholder until the applet lands (issue 2). */
#include "config.h"
#if APPLET_CONNTRACK
#include <stdio.h>
#include "applets.h"

int conntrack_main(int argc, char **argv)
{
	printf("conntrack v%s (ctbox)\n", CTBOX_VERSION);
	return 0;
}
#endif
