"""(en construcción)"""
