# CasGists: build with the SDK, run on the ASP.NET runtime as a non-root user.
#   docker build -t casgists .
#   docker run -d -p 8080:8080 -v casgists-data:/data casgists

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files alone, so a code change does not re-download packages.
COPY CasGists.sln Directory.Build.props Directory.Packages.props ./
COPY CasGists.Core/CasGists.Core.csproj CasGists.Core/
COPY CasGists.App/CasGists.App.csproj CasGists.App/
RUN dotnet restore CasGists.App
COPY . .
# The same command as the README's.
RUN dotnet publish CasGists.App -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# git serves clone and push; curl runs the health check.
RUN apt-get update \
    && apt-get install -y --no-install-recommends git curl \
    && rm -rf /var/lib/apt/lists/*
# The image's own non-root user ($APP_UID) owns the data directory and nothing else.
RUN mkdir /data && chown "$APP_UID" /data
WORKDIR /app
COPY --from=build /app .
ENV CASGISTS_DATA_DIR=/data ASPNETCORE_URLS=http://+:8080
VOLUME /data
EXPOSE 8080
USER $APP_UID
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD curl -fsS http://localhost:8080/health/live || exit 1
ENTRYPOINT ["dotnet", "CasGists.dll"]
