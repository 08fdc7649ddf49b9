"""中小微企业: size class (大/中/小/微型), the 信心指数 survey, the field checks of each 认定."""
