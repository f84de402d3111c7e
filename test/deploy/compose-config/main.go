// compose-config prints a Compose file as `docker compose config --format json` does, through the
// loader Docker Compose itself is built on (compose-spec/compose-go, the version Compose v2.40.3
// pins): the Compose specification's JSON schema, interpolation from the environment and env
// files (`${VAR:?message}` refusals included), profiles (COMPOSE_PROFILES), normalization and the
// consistency checks. The tests of deploy/compose.yaml run it; no Docker engine or Compose build is
// needed.
//
// Usage: compose-config -f compose.yaml [--env-file file]... [--profile name]...
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/compose-spec/compose-go/v2/cli"
)

type list []string

func (l *list) String() string     { return fmt.Sprint(*l) }
func (l *list) Set(v string) error { *l = append(*l, v); return nil }

func main() {
	var files, envFiles, profiles list
	flag.Var(&files, "f", "Compose file (repeatable)")
	flag.Var(&envFiles, "env-file", "env file (repeatable)")
	flag.Var(&profiles, "profile", "profile to enable (repeatable; COMPOSE_PROFILES also counts)")
	flag.Parse()
	if len(files) == 0 {
		fmt.Fprintln(os.Stderr, "usage: compose-config -f compose.yaml [--env-file file]... [--profile name]...")
		os.Exit(2)
	}

	// The options `docker compose config` builds (cmd/compose/compose.go toProjectOptions and
	// cmd/compose/config.go ToProjectOptions in Compose v2.40.3), in its order.
	options, err := cli.NewProjectOptions(files,
		cli.WithOsEnv,
		cli.WithEnvFiles(envFiles...),
		cli.WithDotEnv,
		cli.WithDefaultProfiles(profiles...),
		cli.WithInterpolation(true),
		cli.WithResolvedPaths(true),
		cli.WithNormalization(true),
		cli.WithConsistency(true),
		cli.WithDiscardEnvFile,
	)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	loaded, err := options.LoadProject(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out, err := loaded.MarshalJSON()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(string(out))
}
