using CasGists.App.Accounts;
using CasGists.Core.Accounts;
using CasGists.Core.Common;
using CasGists.Core.Gists;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace CasGists.App.Components.Editor;

/// <summary>
/// What the New and Edit pages share: the viewer, the draft, dirty tracking, the leave-page
/// confirmation and one save path that turns Core's errors into field messages and a snackbar.
/// </summary>
public abstract class GistEditorPage : ComponentBase
{
    [CascadingParameter] protected Task<AuthenticationState> AuthState { get; set; } = default!;
    [Inject] protected GistService Gists { get; set; } = default!;
    [Inject] protected NavigationManager Navigation { get; set; } = default!;
    [Inject] protected ISnackbar Snackbar { get; set; } = default!;
    [Inject] protected IDialogService Dialogs { get; set; } = default!;
    [Inject] protected IOptions<GistOptions> Limits { get; set; } = default!;

    protected GistEditorForm? Form;
    protected Viewer Viewer { get; private set; } = Viewer.Anonymous;
    protected GistDraft Draft { get; set; } = new();
    protected EditorErrors Errors { get; set; } = EditorErrors.None;
    protected bool Saving { get; private set; }
    protected string? FailureMessage { get; set; }

    private bool _metadataDirty;
    private bool _contentDirty;
    private bool _guarding;
    private bool _leaving;

    protected bool Dirty => _metadataDirty || _contentDirty;

    /// <summary>The viewer, or a redirect to sign in that comes back here.</summary>
    protected async Task<bool> RequireSignInAsync()
    {
        Viewer = (await AuthState).User.ToViewer();
        if (Viewer.IsAuthenticated)
        {
            return true;
        }
        var here = "/" + Navigation.ToBaseRelativePath(Navigation.Uri);
        Navigation.NavigateTo($"/login?ReturnUrl={Uri.EscapeDataString(here)}", forceLoad: true);
        return false;
    }

    protected Task MetadataChanged()
    {
        _metadataDirty = true;
        return SyncLeaveGuardAsync();
    }

    protected Task ContentDirtyChanged(bool dirty)
    {
        _contentDirty = dirty;
        return SyncLeaveGuardAsync();
    }

    protected Task MarkClean()
    {
        _metadataDirty = false;
        _contentDirty = false;
        return SyncLeaveGuardAsync();
    }

    private async Task SyncLeaveGuardAsync()
    {
        if (Form is not null && _guarding != Dirty)
        {
            _guarding = Dirty;
            await Form.SetLeaveGuardAsync(Dirty);
        }
    }

    /// <summary>Programmatic navigation (NavigationLock): ask while there are unsaved changes.</summary>
    protected async Task ConfirmLeaveAsync(LocationChangingContext context)
    {
        if (!_leaving && !Saving && Dirty && !await AskToLeaveAsync())
        {
            context.PreventNavigation();
        }
    }

    /// <summary>A link clicked while the editor guards the page (enhanced navigation skips NavigationLock).</summary>
    protected async Task LeaveRequested(string url)
    {
        if (await AskToLeaveAsync())
        {
            _leaving = true;
            Navigation.NavigateTo(url);
        }
    }

    private async Task<bool> AskToLeaveAsync() =>
        await Dialogs.ShowMessageBox("Leave without saving?",
            "Your changes to this gist are not saved yet. Leave the page and lose them?",
            yesText: "Leave", cancelText: "Stay") == true;

    /// <summary>Reads the files from the editor and runs <paramref name="save"/>; false when it failed (and said why).</summary>
    protected async Task<bool> SaveAsync(Func<IReadOnlyList<GistFileInput>, IReadOnlyDictionary<string, string>, Task> save)
    {
        if (Saving || Form is null)
        {
            return false;
        }
        Saving = true;
        FailureMessage = null;
        Errors = EditorErrors.None;
        StateHasChanged();
        try
        {
            var limits = Limits.Value;
            var contents = await Form.ReadContentsAsync(EditorPayload.MaxSize(limits.MaxTotalBytes, limits.MaxFiles));
            foreach (var file in Draft.Files.Where(f => string.IsNullOrWhiteSpace(f.Name)))
            {
                // Like GitHub: a file left unnamed gets a default name rather than an error.
                file.Name = Draft.SuggestFileName();
            }
            var files = Draft.Files.Select(f => new GistFileInput(f.Name, contents[f.Key])).ToList();
            await save(files, contents);
            return true;
        }
        catch (ValidationException e)
        {
            Errors = EditorErrors.From(e, Draft.Files);
            Fail(e.Message);
        }
        catch (ConflictException e)
        {
            Fail(e.Message + " Copy your changes, reload the page and apply them again.");
        }
        catch (DomainException e)
        {
            Fail(e.Message);
        }
        finally
        {
            Saving = false;
            StateHasChanged();
        }
        return false;
    }

    private void Fail(string message)
    {
        FailureMessage = message;
        Snackbar.Add(message, Severity.Error);
    }
}
