/* Entry point: parse the command line, build the machine, run. */
#include "qemu/osdep.h"
#include "system/system.h"

int main(int argc, char **argv)
{
    return qemu_main(argc, argv);
}
