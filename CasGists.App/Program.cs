using CasGists.App.Cli;
using CasGists.App.Git;

// receive-pack runs this binary as its pre-receive hook; it must start fast and touch nothing but git.
if (PreReceiveHook.IsInvocation(args))
{
    return await PreReceiveHook.RunAsync(Console.In, Console.Error);
}

// One binary: with no command it serves; `migrate`, `reindex`, `user create` and `token create` are admin commands.
return await CasGistsCli.RunAsync(args);

public partial class Program;
