using CasGists.App.Cli;

// One binary: with no command it serves; `migrate`, `reindex` and `user create` are admin commands.
return await CasGistsCli.RunAsync(args);

public partial class Program;
