// The nnet language. Every alternative is labelled so the AST builder reads names, not indices.
// Newlines are not significant; `;` may separate statements where a line would otherwise be ambiguous.
grammar Nnet;

program : item* EOF ;

item
    : 'const' name=ident '=' value=expr ';'?                                    # ConstItem
    | 'block' name=ident '(' params=paramList? ')' '{' member* '}'              # BlockItem
    | 'model' name=ident '{' member* '}'                                         # ModelItem
    | 'train' model=ident '{' trainStmt* '}'                                    # TrainItem
    ;

paramList : param (',' param)* ','? ;
param     : name=ident (':' type=ident)? ('=' value=expr)? ;

// ---- model and block bodies -------------------------------------------------------------------
member
    : 'input' name=ident ':' tensorType ';'?                                    # InputMember
    | name=ident '=' value=expr ';'?                                            # LayerMember
    | 'sequential' '{' seqEntry* '}'                                            # SequentialMember
    | 'forward' ('(' identList? ')')? '{' stmt* '}'                             # ForwardMember
    ;

tensorType : elem=ident? '[' (expr (',' expr)*)? ']' ;

// A sequential entry is a layer: `relu`, `linear(784, 10)`, `fc = linear(784, 10)`. Nothing else can start one,
// so an entry never swallows the next line.
seqEntry
    : (name=ident '=')? layer=ident ('(' argList? ')')? ';'?                    # SeqLayer
    ;

identList : ident (',' ident)* ','? ;

// A statement starts with a name, never `(`: so `relu(x` + newline can only be a missing `)`, not the start of
// a new tuple-pattern statement. Nested tuples come after the first name: `out, (h, c) = lstm(x)`.
stmt
    : first=ident (',' pattern)* '=' value=expr ';'?                            # AssignStmt
    | 'return' expr (',' expr)* ';'?                                            # ReturnStmt
    ;

pattern
    : ident                                                                     # NamePattern
    | '(' pattern (',' pattern)+ ')'                                            # TuplePattern
    ;

// ---- expressions, tightest binding first ---------------------------------------------------------
expr
    : callee=ident '(' argList? ')'                                             # CallExpr
    | receiver=expr '.' method=ident '(' argList? ')'                           # MethodCallExpr
    | target=expr '[' subscript (',' subscript)* ','? ']'                       # IndexExpr
    | '-' operand=expr                                                          # NegateExpr
    | left=expr op=('*' | '/' | '%') right=expr                                 # MulExpr
    | left=expr op=('+' | '-') right=expr                                       # AddExpr
    | ident                                                                     # NameExpr
    | INT                                                                       # IntExpr
    | FLOAT                                                                     # FloatExpr
    | STRING                                                                    # StringExpr
    | ('true' | 'false')                                                        # BoolExpr
    | '[' (expr (',' expr)* ','?)? ']'                                          # ListExpr
    | '(' expr ')'                                                              # ParenExpr
    | '(' expr ',' (expr (',' expr)* ','?)? ')'                                 # TupleExpr
    ;

// `h[-1]` selects; `out[:, -1, :]` and `x[:, 2:5]` slice, one subscript per leading dimension.
subscript
    : start=expr? ':' stop=expr?                                                # RangeSubscript
    | index=expr                                                                # IndexSubscript
    ;

argList : arg (',' arg)* ','? ;
arg     : (name=ident '=')? value=expr ;

// ---- train blocks ------------------------------------------------------------------------------
trainStmt
    : 'data' name=ident '=' source=expr ';'?                                    # DataStmt
    | 'batch' ('full' | size=expr) flag* ';'?                                   # BatchStmt
    | 'loss' value=expr ';'?                                                    # LossStmt
    | 'optimizer' value=expr ';'?                                               # OptimizerStmt
    | 'epochs' value=expr ';'?                                                  # EpochsStmt
    | 'seed' value=expr ';'?                                                    # SeedStmt
    | 'log' 'every' cadence ';'?                                                # LogStmt
    | 'evaluate' dataset=ident ('every' cadence)? (':' identList)? ';'?         # EvaluateStmt
    | 'checkpoint' path=STRING ('every' cadence)? ';'?                          # CheckpointStmt
    | 'init' target=dottedName '=' value=expr ';'?                              # InitStmt
    | 'labels' STRING (',' STRING)* ','? ';'?                                   # LabelsStmt
    ;

// Flags are plain identifiers so a following setting keyword (`loss`, `epochs`) ends the list.
flag      : IDENT ;
cadence   : count=expr? unit=ident ;
dottedName : ident ('.' ident)* ;

// Soft keywords: reserved only where they start a construct, usable as names everywhere else.
ident
    : IDENT | 'data' | 'batch' | 'loss' | 'optimizer' | 'epochs' | 'seed' | 'log' | 'every'
    | 'evaluate' | 'checkpoint' | 'init' | 'full' | 'input' | 'sequential' | 'forward'
    | 'train' | 'labels'
    ;

// ---- lexer -----------------------------------------------------------------------------------------
INT    : [0-9]+ ;
FLOAT  : [0-9]+ '.' [0-9]* EXP? | '.' [0-9]+ EXP? | [0-9]+ EXP ;
fragment EXP : [eE] [+-]? [0-9]+ ;
STRING : '"' (~["\\\r\n] | '\\' .)* '"' ;
IDENT  : [a-zA-Z_] [a-zA-Z_0-9]* ;

LINE_COMMENT  : '//' ~[\r\n]* -> channel(HIDDEN) ;
BLOCK_COMMENT : '/*' .*? '*/' -> channel(HIDDEN) ;
WS            : [ \t\r\n]+ -> channel(HIDDEN) ;
// Anything else is an invalid character: reported once (E0002) from the token list and kept off the parser's
// channel, so it causes no follow-on syntax errors.
ERROR_CHAR    : . -> channel(2) ;
