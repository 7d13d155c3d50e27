// zlib, for reading gzipped IDX files (MNIST, Fashion-MNIST) without unpacking them.
#include <zlib.h>
