#include "app/cli.h"

int main(int argc, char** argv, char** environment) { return hearth::app::run_cli(argc, argv, environment); }
