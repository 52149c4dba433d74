; Inno Setup script: per-user installation of the one-folder build, no administrator rights.
;   iscc /DAppVersion=0.1.0 /DBundle=..\dist\regiodesk installer\windows\regiodesk.iss
; (installer/build.py passes both.) Installs to %LOCALAPPDATA%\Programs\regiodesk, adds a
; start-menu entry, opens .regiodesk files with regiodesk. Databases and backups live in
; %LOCALAPPDATA%\regiodesk (platformdirs); neither an update nor uninstalling touches them.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef Bundle
  #define Bundle "..\dist\regiodesk"
#endif

[Setup]
AppId={{6F0C2B1E-5A7D-4D4B-9C61-2B7E4A1D9F30}
AppName=regiodesk
AppVersion={#AppVersion}
AppVerName=regiodesk {#AppVersion}
AppPublisher=regiodesk
DefaultDirName={localappdata}\Programs\regiodesk
DefaultGroupName=regiodesk
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\dist
OutputBaseFilename=regiodesk-{#AppVersion}-setup
SetupIconFile=..\regiodesk.ico
UninstallDisplayIcon={app}\regiodesk.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
CloseApplications=yes

[Languages]
Name: "german"; MessagesFile: "compiler:Languages\German.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole bundle is replaced on update; nothing of the user's data is inside it.
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An update removes the previous program files first (never the data folder).
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\regiodesk"; Filename: "{app}\regiodesk.exe"
Name: "{group}\regiodesk – Demo-Region"; Filename: "{app}\regiodesk.exe"; Parameters: "--demo"
Name: "{autodesktop}\regiodesk"; Filename: "{app}\regiodesk.exe"; Tasks: desktopicon

[Registry]
; Per-user file association (HKCU): .regiodesk opens in regiodesk.
Root: HKCU; Subkey: "Software\Classes\.regiodesk"; ValueType: string; ValueName: ""; ValueData: "regiodesk.Datenbank"; Flags: uninsdeletevalue
Root: HKCU; Subkey: "Software\Classes\regiodesk.Datenbank"; ValueType: string; ValueName: ""; ValueData: "regiodesk-Datenbank"; Flags: uninsdeletekey
Root: HKCU; Subkey: "Software\Classes\regiodesk.Datenbank\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\regiodesk.exe,0"
Root: HKCU; Subkey: "Software\Classes\regiodesk.Datenbank\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\regiodesk.exe"" --db ""%1"""

[Run]
Filename: "{app}\regiodesk.exe"; Description: "{cm:LaunchProgram,regiodesk}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only the program folder. %LOCALAPPDATA%\regiodesk (databases, backups) is deliberately not listed.
Type: filesandordirs; Name: "{app}\_internal"
