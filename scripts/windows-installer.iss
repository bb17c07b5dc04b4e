; Inno Setup script: wraps dist\OCOPDesk (built by scripts\ocopdesk.spec) into OCOPDesk-setup-VERSION.exe.
; Per-user install (no administrator rights on a cooperative's shared laptop), Start-menu and desktop shortcuts.
; Used by .github/workflows/windows-build.yml; not yet run (no Windows machine here).
#define AppVersion "0.1.0"

[Setup]
AppId={{6F1B1C9E-4E0B-4C1A-9C55-0C0FD35A2B7E}
AppName=OCOPDesk
AppVersion={#AppVersion}
AppPublisher=OCOPDesk
DefaultDirName={localappdata}\Programs\OCOPDesk
DefaultGroupName=OCOPDesk
PrivilegesRequired=lowest
OutputDir=..\dist
OutputBaseFilename=OCOPDesk-setup-{#AppVersion}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "vi"; MessagesFile: "compiler:Languages\Vietnamese.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "..\dist\OCOPDesk\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\OCOPDesk"; Filename: "{app}\OCOPDesk.exe"
Name: "{userdesktop}\OCOPDesk"; Filename: "{app}\OCOPDesk.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\OCOPDesk.exe"; Description: "{cm:LaunchProgram,OCOPDesk}"; Flags: nowait postinstall skipifsilent
