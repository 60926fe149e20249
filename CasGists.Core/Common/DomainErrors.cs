namespace CasGists.Core.Common;

/// <summary>
/// The small set of failures Core reports. One place in the App maps them to ProblemDetails
/// for the API and to a readable message for the UI.
/// </summary>
public abstract class DomainException(string message) : Exception(message);

public sealed class NotFoundException(string message = "Not found.") : DomainException(message);

public sealed class ForbiddenException(string message = "You are not allowed to do that.") : DomainException(message);

public sealed class ConflictException(string message) : DomainException(message);

public sealed class ValidationException : DomainException
{
    public ValidationException(IReadOnlyDictionary<string, string[]> errors)
        : base(Describe(errors)) => Errors = errors;

    public ValidationException(string field, string error)
        : this(new Dictionary<string, string[]> { [field] = [error] }) { }

    /// <summary>Field name (as the input record names it, e.g. <c>files[2].name</c>) to messages.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    private static string Describe(IReadOnlyDictionary<string, string[]> errors) =>
        errors.Count == 0 ? "The input is invalid." : string.Join(" ", errors.SelectMany(e => e.Value));
}
